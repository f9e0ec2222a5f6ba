/*
 * Entry, ELF notes and hypercall page of the xtf-mini test kernel: a Xen PV 64-bit guest.
 * Xen's PV loader (xen/include/public/elfnote.h) reads the notes; the domain starts in
 * long mode at the ENTRY note with %rsi pointing at start_info.
 */
#define NOTE(type) \
        .pushsection .note.Xen, "a", @note; \
        .balign 4; .long 4, 2f - 1f, type; .asciz "Xen"; .balign 4; 1:

#define NOTE_END 2: .balign 4; .popsection

/* XEN_ELFNOTE_*: 1 entry, 2 hypercall page, 5 Xen version, 6 guest OS, 8 loader,
 * 17 supported features (bit 11, XENFEAT_dom0: may run as the initial domain). */
NOTE(1)       .quad _start;              NOTE_END
NOTE(2)       .quad hypercall_page;      NOTE_END
NOTE(5)       .asciz "xen-3.0";          NOTE_END
NOTE(6)       .asciz "xtf-mini";         NOTE_END
NOTE(8)       .asciz "generic";          NOTE_END
NOTE(17)      .long 1 << 11;             NOTE_END

        .text
        .code64
        .globl _start
_start:
        lea     stack_top(%rip), %rsp
        mov     %rsi, %rdi
        call    kernel_main
        /* kernel_main never returns; if it did, fault: with no trap table Xen crashes us. */
        ud2

        /* Xen fills this page with one 32-byte stub per hypercall number. */
        .balign 4096
        .globl hypercall_page
hypercall_page:
        .fill 4096, 1, 0xc3

        .bss
        .balign 16
        .skip 16384
stack_top:

        .section .note.GNU-stack, "", @progbits
