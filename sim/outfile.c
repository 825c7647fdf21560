#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool outfile_check(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (!*path) {
        snprintf(err, errlen, "an empty file name");
        return false;
    }
    if (stat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "%s: not a regular file (refusing to replace it)", path);
            return false;
        }
    } else if (errno != ENOENT) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    /* the temporary file goes into the same directory */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir) {
        snprintf(err, errlen, "%s: out of host memory", path);
        return false;
    }
    errno = 0;
    bool ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && access(dir, W_OK | X_OK) == 0;
    if (!ok)
        snprintf(err, errlen, "%s: cannot create files in '%s': %s", path, dir,
                 errno ? strerror(errno) : "not a directory");
    free(dir);
    return ok;
}

bool outfile_open(struct outfile *o, const char *path, char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    o->path = path;
    o->tmp = malloc(strlen(path) + 16);
    if (!o->tmp) {
        snprintf(err, errlen, "%s: out of host memory", path);
        return false;
    }
    sprintf(o->tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd >= 0) {
        /* mkstemp makes the file private; the output gets the usual permissions */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
        o->f = fdopen(fd, "w");
    }
    if (!o->f) {
        snprintf(err, errlen, "%s: cannot create '%s': %s", path, o->tmp, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return false;
    }
    return true;
}

bool outfile_commit(struct outfile *o, char *err, size_t errlen)
{
    bool ok = !ferror(o->f);
    errno = ok ? 0 : EIO;
    ok = fflush(o->f) == 0 && ok;
    ok = fsync(fileno(o->f)) == 0 && ok;
    ok = fclose(o->f) == 0 && ok;
    o->f = NULL;
    if (!ok)
        snprintf(err, errlen, "%s: cannot write: %s", o->path, strerror(errno ? errno : EIO));
    /* the destination may have changed while the output was being made */
    ok = ok && outfile_check(o->path, err, errlen);
    if (ok && rename(o->tmp, o->path) != 0) {
        snprintf(err, errlen, "%s: cannot rename '%s' over it: %s", o->path, o->tmp, strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return ok;
}

void outfile_abandon(struct outfile *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp) {
        unlink(o->tmp);
        free(o->tmp);
    }
    memset(o, 0, sizeof(*o));
}
