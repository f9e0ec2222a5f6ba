/*
 * xtf-mini for arm64: a freestanding test kernel (GNU as, AArch64) that prints as an XTF test
 * prints and ends the way its compiled-in behaviour (behaviour.inc, written by the Makefile from
 * DEFAULT=NAME) asks, so a runner can be checked on every verdict path of Xen on arm64, as a
 * dom0less domU and as the initial domain. The arm64 twin of lab/guest-kernel/main.c: the same
 * behaviour names and the same lines.
 *
 * Boot: an arm64 Image (Linux's Documentation/arm64/booting.rst: the header below, "ARM\x64" at
 * 0x38, which Xen's kernel_zimage64_probe in xen/arch/arm/kernel.c requires), entered at EL1 with
 * the MMU off, interrupts masked and the DTB address in x0. The code is position independent
 * (adr only): a domU is loaded at 0x40000000 + text_offset, the initial domain wherever Xen put
 * its 1:1 RAM bank. There is no .bss: the stack and buffers are part of the file, so image_size
 * is the file's size and Xen copies exactly the module. With the MMU off every data access is
 * Device memory: only aligned accesses here, no exclusives. Caches are not maintained: under
 * QEMU TCG (the only place this runs) nothing models them; real hardware would need the MMU
 * and caches on, as XTF's arm fork does (arch/arm/setup.c setup_mm).
 *
 * Output, as the XTF arm fork does it (arch/arm/setup.c registers hypercall_console_write;
 * arch/arm/sbsa_uart.c writes the vpl011 at XEN_GUEST_PL011 = 0x22000000 when not the initial
 * domain): every line goes through HYPERVISOR_console_io(CONSOLEIO_write) and, in a domU, also
 * through the vpl011's data register. Xen shows the console_io copy as "(d1) ..." only with
 * guest_loglvl=all (domU) and raw for the initial domain; the vpl011 copy always ("DOM1: " before
 * it on 4.17, raw on 4.20). Initial domain or not: XENVER_get_features' XENFEAT_dom0 bit, as the
 * fork's is_initdomain() asks.
 *
 * ABI facts: xen/include/public/arch-arm.h (hvc #0xEA1, number in x16, arguments from x0, result
 * in x0), xen.h (console_io 18, xen_version 17, sched_op 29), version.h (XENVER_get_features 6),
 * features.h (XENFEAT_dom0 11), sched.h (SCHEDOP_shutdown 2, reasons poweroff 0, reboot 1,
 * crash 3); PSCI 0.2 SYSTEM_OFF/SYSTEM_RESET through hvc #0 (xen/arch/arm/vpsci.c).
 */

        .equ    HYPERCALL_TAG, 0xEA1
        .equ    HC_xen_version, 17
        .equ    HC_console_io, 18
        .equ    HC_sched_op, 29
        .equ    CONSOLEIO_write, 0
        .equ    XENVER_get_features, 6
        .equ    XENFEAT_dom0, 11
        .equ    SCHEDOP_shutdown, 2
        .equ    SHUTDOWN_poweroff, 0
        .equ    SHUTDOWN_reboot, 1
        .equ    SHUTDOWN_crash, 3
        .equ    PSCI_SYSTEM_OFF, 0x84000008
        .equ    PSCI_SYSTEM_RESET, 0x84000009
        .equ    VPL011_BASE, 0x22000000   /* GUEST_PL011_BASE, arch-arm.h */
        .equ    UART_DR, 0x00
        .equ    UART_FR, 0x18
        .equ    UART_FR_TXFF, 5           /* bit: transmit FIFO full */
        /* An IPA nothing is mapped at, in a domU (guest layout, arch-arm.h) and in the initial
         * domain of QEMU's virt machine with 2 GiB (RAM ends at 3 GiB, high regions from 256 GiB). */
        .equ    UNMAPPED_IPA, 0x800000000
        .equ    LINE_MAX, 254             /* longest line say() writes, without its ending */

        .text
        .globl  _head
_head:
        /* The arm64 Image header (booting.rst): 64 bytes. */
        b       entry                   /* code0 */
        .long   0                       /* code1 */
        .quad   0                       /* text_offset: at the start of the (2 MiB aligned) bank */
        .quad   image_end - _head       /* image_size: the whole file, nothing beyond it */
        .quad   0                       /* flags: little endian, page size unspecified */
        .quad   0, 0, 0                 /* res2..res4 */
        .ascii  "ARM\x64"               /* magic */
        .long   0                       /* res5 (PE/COFF offset): none */

entry:
        msr     daifset, #0xf
        adr     x1, stack_top
        mov     sp, x1
        bl      detect_dom0
        b       run

/* is_dom0 = 1 if Xen says XENFEAT_dom0 (the fork's is_initdomain()); 0 also if the call fails. */
detect_dom0:
        adr     x1, feature_info
        str     xzr, [x1]               /* submap_idx 0, submap 0 */
        mov     x0, #XENVER_get_features
        mov     x16, #HC_xen_version
        hvc     #HYPERCALL_TAG
        adr     x1, feature_info
        ldr     w2, [x1, #4]
        ubfx    w2, w2, #XENFEAT_dom0, #1
        cmp     x0, #0
        csel    w2, w2, wzr, eq
        adr     x1, is_dom0
        strb    w2, [x1]
        ret

/* x0 = string, returns its length in x0. */
strlen:
        mov     x1, x0
1:      ldrb    w2, [x1], #1
        cbnz    w2, 1b
        sub     x0, x1, x0
        sub     x0, x0, #1
        ret

/* x0, x1 = strings; returns x0 = 0 if equal. */
streq:
1:      ldrb    w2, [x0], #1
        ldrb    w3, [x1], #1
        cmp     w2, w3
        b.ne    2f
        cbnz    w2, 1b
        mov     x0, #0
        ret
2:      mov     x0, #1
        ret

/*
 * x0 = buffer, x1 = length: console_io, then (domU) the vpl011. Xen may clobber the argument
 * registers it does not use, so everything needed after the call is in callee-saved ones.
 */
write:
        stp     x29, x30, [sp, #-32]!
        stp     x19, x20, [sp, #16]
        mov     x19, x0
        mov     x20, x1
        mov     x2, x19
        mov     x1, x20
        mov     x0, #CONSOLEIO_write
        mov     x16, #HC_console_io
        hvc     #HYPERCALL_TAG
        adr     x0, is_dom0
        ldrb    w0, [x0]
        cbnz    w0, 3f
        mov     x9, #VPL011_BASE
1:      cbz     x20, 3f
2:      ldr     w10, [x9, #UART_FR]
        tbnz    w10, #UART_FR_TXFF, 2b
        ldrb    w10, [x19], #1
        str     w10, [x9, #UART_DR]
        sub     x20, x20, #1
        b       1b
3:      ldp     x19, x20, [sp, #16]
        ldp     x29, x30, [sp], #32
        ret

/* x0 = string, written without a line end. */
puts:
        stp     x29, x30, [sp, #-32]!
        str     x19, [sp, #16]
        mov     x19, x0
        bl      strlen
        mov     x1, x0
        mov     x0, x19
        bl      write
        ldr     x19, [sp, #16]
        ldp     x29, x30, [sp], #32
        ret

/* x0 = string: one line with XTF's "\r\n" ending, written in one piece (one console_io call,
 * so Xen's per-domain line buffer never holds half a line while the vpl011 copy goes out). */
say:
        stp     x29, x30, [sp, #-32]!
        stp     x19, x20, [sp, #16]
        mov     x19, x0
        bl      strlen
        cmp     x0, #LINE_MAX
        b.ls    1f
        mov     x0, #LINE_MAX
1:      mov     x20, x0
        adr     x3, line_buf
        mov     x4, #0
2:      cmp     x4, x20
        b.eq    3f
        ldrb    w5, [x19, x4]
        strb    w5, [x3, x4]
        add     x4, x4, #1
        b       2b
3:      mov     w5, #'\r'
        strb    w5, [x3, x4]
        add     x4, x4, #1
        mov     w5, #'\n'
        strb    w5, [x3, x4]
        add     x1, x4, #1
        mov     x0, x3
        bl      write
        ldp     x19, x20, [sp, #16]
        ldp     x29, x30, [sp], #32
        ret

/* x0 = value: "0x" and 16 hex digits, no line end. */
puthex:
        stp     x29, x30, [sp, #-16]!
        adr     x1, hex_buf
        mov     w2, #'0'
        strb    w2, [x1]
        mov     w2, #'x'
        strb    w2, [x1, #1]
        mov     x3, #17
1:      and     x4, x0, #0xf
        cmp     x4, #10
        add     x5, x4, #'0'
        add     x6, x4, #('a' - 10)
        csel    x4, x5, x6, lo
        strb    w4, [x1, x3]
        lsr     x0, x0, #4
        sub     x3, x3, #1
        cmp     x3, #1
        b.ne    1b
        mov     x0, x1
        mov     x1, #18
        bl      write
        ldp     x29, x30, [sp], #16
        ret

crlf:
        adr     x0, s_crlf
        mov     x1, #2
        b       write

/* w0 = reason: SCHEDOP_shutdown, and never on (a failed shutdown means Xen is broken). */
shutdown:
        adr     x1, shutdown_reason
        str     w0, [x1]
        mov     x0, #SCHEDOP_shutdown
        mov     x16, #HC_sched_op
        hvc     #HYPERCALL_TAG
        b       idle

/* x0 = PSCI function, through the SMCCC conduit Xen gives its guests (hvc #0). */
psci:
        hvc     #0
        b       idle

/* Wait for interrupts, all masked and none armed: Xen blocks the vCPU on each wfi. */
idle:
        wfi
        b       idle

banner: /* x0 = title */
        stp     x29, x30, [sp, #-32]!
        str     x19, [sp, #16]
        mov     x19, x0
        adr     x0, s_banner
        bl      say
        adr     x0, s_environment
        bl      say
        mov     x0, x19
        bl      say
        ldr     x19, [sp, #16]
        ldp     x29, x30, [sp], #32
        ret

/* x0 = reason line (with "PANIC: "): XTF's panic() format, then a crash. */
panic:
        mov     x19, x0
        adr     x0, s_stars
        bl      say
        mov     x0, x19
        bl      say
        adr     x0, s_stars
        bl      say
        mov     w0, #SHUTDOWN_crash
        b       shutdown

/* The behaviour compiled in: the table maps each name to its code. */
run:
        adr     x19, behaviour
        adr     x20, behaviours
1:      ldrsw   x1, [x20]
        cbz     x1, unknown
        adr     x2, behaviours
        add     x1, x2, x1
        mov     x0, x19
        bl      streq
        cbz     x0, 2f
        add     x20, x20, #8
        b       1b
2:      ldrsw   x1, [x20, #4]
        adr     x2, behaviours
        add     x1, x2, x1
        br      x1

        .macro  entry_of name, code
        .long   \name - behaviours, \code - behaviours
        .endm
        .balign 4
behaviours:
        entry_of n_success, do_success
        entry_of n_warning, do_warning
        entry_of n_success_warn, do_warning
        entry_of n_skip, do_skip
        entry_of n_error, do_error
        entry_of n_failure, do_failure
        entry_of n_crash, do_crash
        entry_of n_panic, do_crash
        entry_of n_crash_after_success, do_crash_after_success
        entry_of n_reboot, do_reboot
        entry_of n_success_psci, do_success_psci
        entry_of n_hang, do_hang
        entry_of n_flood, do_flood
        entry_of n_fault, do_fault
        entry_of n_fault_silent, do_fault_silent
        .long   0, 0

poweroff:
        mov     w0, #SHUTDOWN_poweroff
        b       shutdown

do_success:
        adr     x0, t_success
        bl      banner
        adr     x0, s_result_success
        bl      say
        b       poweroff

do_warning:
        adr     x0, t_warning
        bl      banner
        adr     x0, s_warning1
        bl      say
        adr     x0, s_warning2
        bl      say
        adr     x0, s_result_warnings
        bl      say
        b       poweroff

do_skip:
        adr     x0, t_skip
        bl      banner
        adr     x0, s_skip
        bl      say
        adr     x0, s_result_skip
        bl      say
        b       poweroff

do_error:
        adr     x0, t_error
        bl      banner
        adr     x0, s_error
        bl      say
        adr     x0, s_result_error
        bl      say
        b       poweroff

do_failure:
        adr     x0, t_failure
        bl      banner
        adr     x0, s_fail1
        bl      say
        adr     x0, s_fail2
        bl      say
        adr     x0, s_result_failure
        bl      say
        b       poweroff

do_crash:
        adr     x0, t_crash
        bl      banner
        adr     x0, s_panic
        b       panic

do_crash_after_success:
        adr     x0, t_crash_after_success
        bl      banner
        adr     x0, s_result_success
        bl      say
        mov     w0, #SHUTDOWN_crash
        b       shutdown

do_reboot:
        adr     x0, t_reboot
        bl      banner
        adr     x0, s_rebooting
        bl      say
        ldr     x0, =PSCI_SYSTEM_RESET
        b       psci

do_success_psci:
        adr     x0, t_success_psci
        bl      banner
        adr     x0, s_result_success
        bl      say
        ldr     x0, =PSCI_SYSTEM_OFF
        b       psci

do_hang:
        adr     x0, t_hang
        bl      banner
        adr     x0, s_hanging
        bl      say
        b       idle

/* 16384 lines of 64 bytes with the ending: 1 MiB, as the x86 kernel's flood. */
do_flood:
        adr     x0, t_flood
        bl      banner
        mov     x21, #1
1:      adr     x22, flood_line
        mov     x3, x21
        mov     x4, #16                 /* the last of the six digits */
        mov     x6, #10
2:      udiv    x5, x3, x6
        msub    x7, x5, x6, x3
        add     w7, w7, #'0'
        strb    w7, [x22, x4]
        mov     x3, x5
        sub     x4, x4, #1
        cmp     x4, #10
        b.ne    2b
        mov     x0, x22
        bl      say
        add     x21, x21, #1
        cmp     x21, #16384
        b.ls    1b
        adr     x0, s_result_success
        bl      say
        b       poweroff

/* A data abort taken through a vector table of ours, which reports it as XTF's panic does. */
do_fault:
        adr     x0, t_fault
        bl      banner
        adr     x0, vectors
        msr     vbar_el1, x0
        isb
        mov     x1, #UNMAPPED_IPA
        ldr     x0, [x1]
        adr     x0, s_fault_returned
        bl      say
        mov     w0, #SHUTDOWN_poweroff
        b       shutdown

/* The same abort with no vector table (VBAR_EL1 0, nothing there): the vCPU takes the
 * exception at 0x200, which faults again, for ever. Nothing is printed, nothing ends. */
do_fault_silent:
        adr     x0, t_fault_silent
        bl      banner
        adr     x0, s_faulting
        bl      say
        msr     vbar_el1, xzr
        isb
        mov     x1, #UNMAPPED_IPA
        ldr     x0, [x1]
        b       idle

unknown:
        adr     x0, t_unknown
        bl      banner
        adr     x0, s_unknown
        bl      puts
        mov     x0, x19
        bl      puts
        adr     x0, s_quote
        bl      say
        adr     x0, s_result_error
        bl      say
        b       poweroff

/* Every exception: "PANIC: Unhandled exception: vector N, ESR_EL1 .. FAR_EL1 .. ELR_EL1 ..". */
exception:
        adr     x1, stack_top
        mov     sp, x1
        adr     x0, s_stars
        bl      say
        adr     x0, s_exception
        bl      puts
        add     x0, x23, #'0'
        cmp     x23, #10
        add     x1, x23, #('a' - 10)
        csel    x0, x0, x1, lo
        adr     x1, hex_buf
        strb    w0, [x1]
        mov     x0, x1
        mov     x1, #1
        bl      write
        adr     x0, s_esr
        bl      puts
        mrs     x0, esr_el1
        bl      puthex
        adr     x0, s_far
        bl      puts
        mrs     x0, far_el1
        bl      puthex
        adr     x0, s_elr
        bl      puts
        mrs     x0, elr_el1
        bl      puthex
        bl      crlf
        adr     x0, s_stars
        bl      say
        mov     w0, #SHUTDOWN_crash
        b       shutdown

        .ltorg

/* VBAR_EL1 wants 2 KiB alignment: the image starts 2 MiB aligned (text_offset 0). */
        .balign 2048
vectors:
        .irp    n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
        .balign 0x80
        mov     x23, #\n
        b       exception
        .endr

/* Names. */
n_success:              .asciz "success"
n_warning:              .asciz "warning"
n_success_warn:         .asciz "success-warn"
n_skip:                 .asciz "skip"
n_error:                .asciz "error"
n_failure:              .asciz "failure"
n_crash:                .asciz "crash"
n_panic:                .asciz "panic"
n_crash_after_success:  .asciz "crash-after-success"
n_reboot:               .asciz "reboot"
n_success_psci:         .asciz "success-psci"
n_hang:                 .asciz "hang"
n_flood:                .asciz "flood"
n_fault:                .asciz "fault"
n_fault_silent:         .asciz "fault-silent"

/* Lines (the same texts as lab/guest-kernel/main.c). */
s_banner:               .asciz "--- Xen Test Framework ---"
/* ENVIRONMENT_DESCRIPTION of the fork's mmu64le (arch/arm/include/arch/config.h). */
s_environment:          .asciz "Environment: ARM64 LE MMU"
t_success:              .asciz "xtf-mini: success"
t_warning:              .asciz "xtf-mini: success with warnings"
t_skip:                 .asciz "xtf-mini: skip"
t_error:                .asciz "xtf-mini: error"
t_failure:              .asciz "xtf-mini: failure"
t_crash:                .asciz "xtf-mini: crash"
t_crash_after_success:  .asciz "xtf-mini: crash after success"
t_reboot:               .asciz "xtf-mini: reboot"
t_success_psci:         .asciz "xtf-mini: success, then PSCI SYSTEM_OFF"
t_hang:                 .asciz "xtf-mini: hang"
t_flood:                .asciz "xtf-mini: a lot of output"
t_fault:                .asciz "xtf-mini: data abort with a vector table"
t_fault_silent:         .asciz "xtf-mini: data abort with no vector table"
t_unknown:              .asciz "xtf-mini: unknown behaviour"
s_result_success:       .asciz "Test result: SUCCESS"
s_result_warnings:      .asciz "Test result: SUCCESS with warnings"
s_result_skip:          .asciz "Test result: SKIP"
s_result_error:         .asciz "Test result: ERROR"
s_result_failure:       .asciz "Test result: FAILURE"
s_warning1:             .asciz "Warning: the lab is emulated, timings are meaningless"
s_warning2:             .asciz "Warning: a second warning"
s_skip:                 .asciz "Skip: feature not available on this lab host"
s_error:                .asciz "Error: unexpected state of the lab"
s_fail1:                .asciz "Fail: value 0x1 expected 0x2"
s_fail2:                .asciz "Fail: this reason mentions Test result: SUCCESS to fool naive parsers"
s_stars:                .asciz "******************************"
s_panic:                .asciz "PANIC: xtf-mini crashed on purpose"
s_rebooting:            .asciz "Rebooting without a result"
s_hanging:              .asciz "Hanging forever"
s_faulting:             .asciz "Faulting with no vector table"
s_fault_returned:       .asciz "Error: the data abort returned"
s_unknown:              .asciz "Error: unknown xtf_behaviour '"
s_quote:                .asciz "'"
s_exception:            .asciz "PANIC: Unhandled exception: vector "
s_esr:                  .asciz ", ESR_EL1 "
s_far:                  .asciz " FAR_EL1 "
s_elr:                  .asciz " ELR_EL1 "
s_crlf:                 .ascii "\r\n"

/* The compiled-in behaviour: `.asciz "NAME"`, from the Makefile's DEFAULT. */
behaviour:
        .include "behaviour.inc"

flood_line:             .asciz "flood line 000000: 0123456789abcdefghijklmnopqrstuvwxyz0123456"

/* Writable data (the MMU is off: the whole image is writable). */
        .balign 8
feature_info:           .quad 0         /* xen_feature_info: submap_idx, submap */
shutdown_reason:        .quad 0
is_dom0:                .quad 0
hex_buf:                .space 24
line_buf:               .space LINE_MAX + 2
        .balign 16
stack:                  .space 4096
stack_top:
        .balign 8
image_end:
