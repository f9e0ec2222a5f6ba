/*
 * Entry points, ELF notes and hypercall page of the xtf-mini test kernel. Xen's loader
 * (xen/include/public/elfnote.h) reads the notes. As a PV guest the domain starts in long
 * mode at the ENTRY note with %rsi pointing at start_info; as PVH (xen/include/public/
 * arch-x86/hvm/start_info.h) in 32-bit protected mode, paging off, at PHYS32_ENTRY with
 * %ebx holding the physical address of hvm_start_info, and switches to long mode itself.
 */
#define NOTE(type) \
        .pushsection .note.Xen, "a", @note; \
        .balign 4; .long 4, 2f - 1f, type; .asciz "Xen"; .balign 4; 1:

#define NOTE_END 2: .balign 4; .popsection

/* XEN_ELFNOTE_*: 1 entry, 2 hypercall page, 5 Xen version, 6 guest OS, 8 loader,
 * 17 supported features (bit 11, XENFEAT_dom0: may run as the initial domain),
 * 18 PVH's 32-bit physical entry. */
NOTE(1)       .quad _start;              NOTE_END
NOTE(2)       .quad hypercall_page;      NOTE_END
NOTE(5)       .asciz "xen-3.0";          NOTE_END
NOTE(6)       .asciz "xtf-mini";         NOTE_END
NOTE(8)       .asciz "generic";          NOTE_END
NOTE(17)      .long 1 << 11;             NOTE_END
NOTE(18)      .long pvh_start;           NOTE_END

        .text
        .code64
        .globl _start
_start:
        lea     stack_top(%rip), %rsp
        mov     %rsi, %rdi
        call    kernel_main
        /* kernel_main never returns; if it did, fault: with no trap table Xen crashes us. */
        ud2

        .code32
pvh_start:
        mov     %ebx, %esi
        /* Identity-map the first 4 GiB with 2 MiB pages (a PVH domU's console page is just
         * below 4 GiB): 2048 entries in 4 page directories, under 4 PDPT entries. */
        movl    $pdpt + 0x3, pml4
        mov     $pd + 0x3, %eax
        xor     %ecx, %ecx
1:      mov     %eax, pdpt(, %ecx, 8)
        add     $0x1000, %eax
        inc     %ecx
        cmp     $4, %ecx
        jne     1b
        mov     $0x83, %eax                     /* present, writable, 2 MiB */
        xor     %ecx, %ecx
2:      mov     %eax, pd(, %ecx, 8)
        add     $0x200000, %eax
        inc     %ecx
        cmp     $2048, %ecx
        jne     2b
        lgdt    gdt_ptr
        mov     $pml4, %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $0x20, %eax                     /* PAE */
        mov     %eax, %cr4
        mov     $0xc0000080, %ecx               /* EFER.LME */
        rdmsr
        or      $0x100, %eax
        wrmsr
        mov     %cr0, %eax
        or      $0x80000001, %eax               /* PG, PE */
        mov     %eax, %cr0
        ljmp    $0x08, $1f
        .code64
1:      mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        lea     stack_top(%rip), %rsp
        mov     %esi, %edi
        call    pvh_main
        ud2

        /* Xen fills this page with one 32-byte stub per hypercall number. */
        .balign 4096
        .globl hypercall_page
hypercall_page:
        .fill 4096, 1, 0xc3

        .data
        .balign 8
gdt:    .quad 0, 0x00af9a000000ffff, 0x00cf92000000ffff     /* null, code64, data */
gdt_ptr:
        .word gdt_ptr - gdt - 1
        .long gdt

        .bss
        /* PVH page tables, filled by pvh_start (the loader zeroes .bss). */
        .balign 4096
pml4:   .skip 4096
pdpt:   .skip 4096
pd:     .skip 4 * 4096
        .balign 16
        .skip 16384
stack_top:

        .section .note.GNU-stack, "", @progbits
