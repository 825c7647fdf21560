#!/usr/bin/env python3
"""Write a gzip-compressed cpio archive in the "newc" format the Linux kernel unpacks as an initramfs.

usage: mkcpio.py OUT.cpio.gz ENTRY...
  dir:PATH[:MODE]            a directory (mode default 755)
  file:PATH:HOSTFILE[:MODE]  a regular file copied from HOSTFILE (mode default 755)
  link:PATH:TARGET           a symbolic link
  char:PATH:MAJOR:MINOR      a character device node (mode 600)

Entries are written in the order given, owned by root, with mtime 0, so the same inputs give the same
bytes (the archive is reproducible).
"""
import gzip
import stat
import sys


def header(ino, mode, size, nlink, rmajor, rminor, name):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, rmajor, rminor, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad4(n):
    return b"\0" * ((4 - n % 4) % 4)


def entry(ino, mode, name, data=b"", rdev=(0, 0)):
    name_b = name.encode()
    hdr = header(ino, mode, len(data), 2 if stat.S_ISDIR(mode) else 1, rdev[0], rdev[1], name_b)
    out = hdr + name_b + b"\0"
    out += pad4(len(out))
    out += data + pad4(len(data))
    return out


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: mkcpio.py OUT.cpio.gz ENTRY...\n")
        return 2
    out = b""
    for ino, spec in enumerate(argv[1:], start=1):
        kind, _, rest = spec.partition(":")
        parts = rest.split(":")
        path = parts[0].lstrip("/")
        if kind == "dir":
            mode = int(parts[1], 8) if len(parts) > 1 else 0o755
            out += entry(ino, stat.S_IFDIR | mode, path)
        elif kind == "file":
            with open(parts[1], "rb") as f:
                data = f.read()
            mode = int(parts[2], 8) if len(parts) > 2 else 0o755
            out += entry(ino, stat.S_IFREG | mode, path, data)
        elif kind == "link":
            out += entry(ino, stat.S_IFLNK | 0o777, path, parts[1].encode())
        elif kind == "char":
            out += entry(ino, stat.S_IFCHR | 0o600, path, rdev=(int(parts[1]), int(parts[2])))
        else:
            sys.stderr.write("mkcpio.py: unknown entry '%s'\n" % spec)
            return 2
    out += entry(0, 0, "TRAILER!!!")
    with open(argv[0], "wb") as f:
        f.write(gzip.compress(out, compresslevel=9, mtime=0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
