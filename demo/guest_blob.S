/* The guest image (guest.bin, built by demo/CMakeLists.txt) embedded in the hypervisor: the loader
 * copies it into each VM's RAM. GUEST_BIN is its path, defined on the command line. */
    .section .rodata.guest_image, "a"
    .balign 16
    .globl guest_image, guest_image_end
guest_image:
    .incbin GUEST_BIN
guest_image_end:
