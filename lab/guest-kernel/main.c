/*
 * xtf-mini: a freestanding Xen test kernel that prints as an XTF test prints and ends the
 * way xtf_behaviour=NAME on its command line asks, so a runner can be checked on every
 * verdict path. As a PV 64-bit domU it writes the console ring read by xenconsoled; as the
 * initial domain, PV or PVH, HYPERVISOR_console_io straight to Xen's serial console.
 *
 * ABI facts are from xen/include/public (xen.h, sched.h, event_channel.h, io/console.h,
 * arch-x86/xen-x86_64.h, arch-x86/hvm/start_info.h); the output format from XTF's
 * common/report.c and common/setup.c.
 */
#include <stddef.h>
#include <stdint.h>

/* Hypercall numbers (xen.h) and their sub-operations. */
#define HYPERCALL_update_va_mapping 14
#define HYPERCALL_console_io     18
#define HYPERCALL_sched_op       29
#define HYPERCALL_event_channel  32
#define HYPERCALL_hvm_op         34
#define CONSOLEIO_write          0
#define SCHEDOP_yield            0
#define SCHEDOP_shutdown         2
#define SCHEDOP_poll             3
#define EVTCHNOP_send            4
#define HVMOP_get_param          1
#define HVM_PARAM_CONSOLE_PFN    17
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define DOMID_SELF               0x7FF0
#define SHUTDOWN_poweroff        0
#define SHUTDOWN_reboot          1
#define SHUTDOWN_crash           3

#define SIF_INITDOMAIN           (1u << 1)
#define UVMF_INVLPG              2

/* shared_info (xen.h): 32 vcpu_info of 64 bytes, then the event channels' pending bits. */
#define SHARED_EVTCHN_PENDING    2048

/* The read-only machine-to-physical table every 64-bit PV guest sees (xen-x86_64.h). */
#define MACH2PHYS_VIRT_START     0xFFFF800000000000UL

struct start_info {
    char magic[32];
    unsigned long nr_pages;
    unsigned long shared_info;
    uint32_t flags;
    unsigned long store_mfn;
    uint32_t store_evtchn;
    struct { unsigned long mfn; uint32_t evtchn; } console;   /* domU's half of a union */
    unsigned long pt_base, nr_pt_frames, mfn_list, mod_start, mod_len;
    char cmd_line[1024];
};
_Static_assert(offsetof(struct start_info, console) == 72 &&
               offsetof(struct start_info, cmd_line) == 128, "start_info layout (xen.h)");

struct xencons_interface {
    char in[1024];
    char out[2048];
    uint32_t in_cons, in_prod;
    uint32_t out_cons, out_prod;
};
_Static_assert(offsetof(struct xencons_interface, out_cons) == 3080, "io/console.h layout");

struct sched_poll {
    uint32_t *ports;
    unsigned int nr_ports;
    uint64_t timeout;
};

extern char hypercall_page[4096];

/* A 64-bit hypercall (PV or PVH): the stub at nr * 32 in the page Xen filled; arguments
 * in rdi, rsi, rdx; the stub may clobber rcx and r11, Xen the unused argument registers. */
static long hypercall3(unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
    register unsigned long rdi asm("rdi") = a1, rsi asm("rsi") = a2, rdx asm("rdx") = a3;
    long ret;

    asm volatile ("call *%[stub]"
                  : "=a" (ret), "+r" (rdi), "+r" (rsi), "+r" (rdx)
                  : [stub] "r" (hypercall_page + nr * 32)
                  : "rcx", "r8", "r10", "r11", "memory");
    return ret;
}

static void sched_op(unsigned int cmd, void *arg)
{
    hypercall3(HYPERCALL_sched_op, cmd, (unsigned long)arg, 0);
}

static struct xencons_interface *ring;   /* NULL as the initial domain: no ring there */
static uint32_t ring_port;
/* A page of ours remapped onto shared_info, to clear the console port's pending bit. */
static unsigned char shared_page[4096] __attribute__((aligned(4096)));
static unsigned long *evtchn_pending;

static void ring_notify(void)
{
    uint32_t port = ring_port;

    hypercall3(HYPERCALL_event_channel, EVTCHNOP_send, (unsigned long)&port, 0);
}

static uint32_t ring_unread(uint32_t prod)
{
    return prod - __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
}

/*
 * Waits until at most `most` bytes up to prod are unread. xenconsoled notifies the port
 * after each read, so sleep in SCHEDOP_poll on it (clearing its pending bit before the
 * last look) instead of spinning a vCPU that, under QEMU, takes a host CPU from dom0.
 */
static void ring_wait(uint32_t prod, uint32_t most)
{
    struct sched_poll p = { .ports = &ring_port, .nr_ports = 1, .timeout = 0 };

    while (ring_unread(prod) > most) {
        if (!evtchn_pending) {
            sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        __atomic_and_fetch(&evtchn_pending[ring_port / 64], ~(1UL << (ring_port % 64)),
                           __ATOMIC_SEQ_CST);
        if (ring_unread(prod) > most)
            sched_op(SCHEDOP_poll, &p);
    }
}

/* Fills the ring, kicking xenconsoled each time, and waits while the ring is full. */
static void ring_write(const char *s, size_t len)
{
    while (len) {
        uint32_t prod = ring->out_prod;

        while (len && ring_unread(prod) < sizeof(ring->out)) {
            ring->out[prod++ & (sizeof(ring->out) - 1)] = *s++;
            len--;
        }
        __atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
        ring_notify();
        if (len)
            ring_wait(prod, sizeof(ring->out) - 1);
    }
}

static void emit(const char *s, size_t len)
{
    if (ring)
        ring_write(s, len);
    else
        hypercall3(HYPERCALL_console_io, CONSOLEIO_write, len, (unsigned long)s);
}

/*
 * Output is gathered and written a ring's worth at a time: xenconsoled handles at most 30
 * notifications per 200 ms of a domain, so a notification per line would make the flood
 * take minutes.
 */
static char out[2048];
static size_t out_len;

static void write_raw(const char *s, size_t len)
{
    while (len--) {
        if (out_len == sizeof(out)) {
            emit(out, out_len);
            out_len = 0;
        }
        out[out_len++] = *s++;
    }
}

/* Writes what is gathered and, as XTF does, returns only once xenconsoled consumed it all,
 * so that a shutdown right after never loses output. */
static void flush(void)
{
    emit(out, out_len);
    out_len = 0;
    if (ring)
        ring_wait(ring->out_prod, 0);
}

static size_t length(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

/* One line with XTF's "\r\n" ending. */
static void say(const char *line)
{
    write_raw(line, length(line));
    write_raw("\r\n", 2);
}

static void shutdown(unsigned int reason)
{
    unsigned int r = reason;

    flush();
    sched_op(SCHEDOP_shutdown, &r);
    for (;;)    /* a shutdown request only fails if Xen is broken; do not run on */
        sched_op(SCHEDOP_yield, NULL);
}

/* Blocks forever: polling no port with no timeout wakes only for an event we never bind. */
static void hang(void)
{
    struct sched_poll p = { .ports = NULL, .nr_ports = 0, .timeout = 0 };

    flush();
    for (;;)
        sched_op(SCHEDOP_poll, &p);
}

static const char *environment = "Environment: PV 64bit (Long mode 4 levels)";

static void banner(const char *title)
{
    say("--- Xen Test Framework ---");
    say(environment);
    say(title);
}

static void panic(const char *reason)
{
    say("******************************");
    say(reason);
    say("******************************");
    shutdown(SHUTDOWN_crash);
}

/* 16384 lines of 64 bytes with the ending: 1 MiB, the lab's Linux flood guest's size. */
static void flood(void)
{
    static char line[] = "flood line 000000: 0123456789abcdefghijklmnopqrstuvwxyz0123456";

    for (unsigned int i = 1; i <= 16384; i++) {
        for (unsigned int d = 0, v = i; d < 6; d++, v /= 10)
            line[16 - d] = (char)('0' + v % 10);
        say(line);
    }
}

static int starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return 0;
    return 1;
}

static int equals(const char *a, const char *b)
{
    return starts_with(a, b) && starts_with(b, a);
}

/* The value of xtf_behaviour= copied into out (space-delimited), or "" if absent. */
static void behaviour_of(const char *cmdline, char *out, size_t size)
{
    static const char key[] = "xtf_behaviour=";
    const char *p = cmdline;
    size_t n = 0;

    while (*p) {
        if ((p == cmdline || p[-1] == ' ') && starts_with(p, key)) {
            for (p += sizeof(key) - 1; *p && *p != ' ' && n + 1 < size; p++)
                out[n++] = *p;
            break;
        }
        p++;
    }
    out[n] = '\0';
}

/* The behaviour when the command line names none (make DEFAULT=NAME; XTF's binaries take
 * no command line, so a boot-mode runner may pass none). */
#ifndef XTF_MINI_DEFAULT
#define XTF_MINI_DEFAULT ""
#endif

static void run(const char *b)
{
    if (!*b)
        b = XTF_MINI_DEFAULT;
    if (equals(b, "success")) {
        banner("xtf-mini: success");
        say("Test result: SUCCESS");
    } else if (equals(b, "warning") || equals(b, "success-warn")) {
        banner("xtf-mini: success with warnings");
        say("Warning: the lab is emulated, timings are meaningless");
        say("Warning: a second warning");
        say("Test result: SUCCESS with warnings");
    } else if (equals(b, "skip")) {
        banner("xtf-mini: skip");
        say("Skip: feature not available on this lab host");
        say("Test result: SKIP");
    } else if (equals(b, "error")) {
        banner("xtf-mini: error");
        say("Error: unexpected state of the lab");
        say("Test result: ERROR");
    } else if (equals(b, "failure")) {
        banner("xtf-mini: failure");
        say("Fail: value 0x1 expected 0x2");
        say("Fail: this reason mentions Test result: SUCCESS to fool naive parsers");
        say("Test result: FAILURE");
    } else if (equals(b, "crash") || equals(b, "panic")) {
        banner("xtf-mini: crash");
        panic("PANIC: xtf-mini crashed on purpose");
    } else if (equals(b, "crash-after-success")) {
        banner("xtf-mini: crash after success");
        say("Test result: SUCCESS");
        shutdown(SHUTDOWN_crash);
    } else if (equals(b, "reboot")) {
        banner("xtf-mini: reboot");
        say("Rebooting without a result");
        shutdown(SHUTDOWN_reboot);
    } else if (equals(b, "hang")) {
        banner("xtf-mini: hang");
        say("Hanging forever");
        hang();
    } else if (equals(b, "flood")) {
        banner("xtf-mini: a lot of output");
        flood();
        say("Test result: SUCCESS");
    } else {
        banner("xtf-mini: unknown behaviour");
        static const char what[] = "Error: unknown xtf_behaviour '";

        write_raw(what, sizeof(what) - 1);
        write_raw(b, length(b));
        say("'");
        say("Test result: ERROR");
    }
    shutdown(SHUTDOWN_poweroff);
}

void kernel_main(struct start_info *si)
{
    char b[64];

    if (!(si->flags & SIF_INITDOMAIN)) {
        /* The ring's frame is in our initial mapping at virtual = pfn << 12 (VIRT_BASE 0). */
        const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;

        ring = (struct xencons_interface *)(m2p[si->console.mfn] << 12);
        ring_port = si->console.evtchn;
        /* PTE: the frame, present, writable, accessed, dirty. */
        if (hypercall3(HYPERCALL_update_va_mapping, (unsigned long)shared_page,
                       si->shared_info | 0x63, UVMF_INVLPG) == 0)
            evtchn_pending = (unsigned long *)(shared_page + SHARED_EVTCHN_PENDING);
    }
    behaviour_of(si->cmd_line, b, sizeof(b));
    run(b);
}

struct xen_hvm_param {
    uint16_t domid;
    uint32_t index;
    uint64_t value;
};

static uint64_t hvm_param(uint32_t index)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index, .value = 0 };

    return hypercall3(HYPERCALL_hvm_op, HVMOP_get_param, (unsigned long)&p, 0) ? 0 : p.value;
}

/* The part of hvm_start_info (arch-x86/hvm/start_info.h) used here. */
struct hvm_start_info {
    uint32_t magic, version, flags, nr_modules;
    uint64_t modlist_paddr, cmdline_paddr;
};

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    asm volatile ("cpuid" : "=a" (*a), "=b" (*b), "=c" (*c), "=d" (*d) : "a" (leaf), "c" (0));
}

/*
 * PVH, entered from head.S in long mode with the first 4 GiB identity-mapped. The initial
 * domain prints through console_io, as XTF's hvm64 does as Xen's dom0; a domU through the
 * console ring its HVM parameters name (waiting with SCHEDOP_yield: no shared_info here).
 */
void pvh_main(uint32_t start_info_paddr)
{
    const struct hvm_start_info *si = (const void *)(uintptr_t)start_info_paddr;
    uint32_t base, a, b, c, d;
    char behaviour[64] = "";

    environment = "Environment: HVM 64bit (Long mode 4 levels)";
    /* Xen's CPUID leaves ("XenVMMXenVMM") name the MSR that makes Xen write the stubs. */
    for (base = 0x40000000; base < 0x40010000; base += 0x100) {
        cpuid(base, &a, &b, &c, &d);
        if (b == 0x566e6558 && c == 0x65584d4d && d == 0x4d4d566e && a - base >= 2)
            break;
    }
    if (base == 0x40010000)
        for (;;)    /* no Xen: no way to print or shut down */
            asm volatile ("hlt");
    cpuid(base + 2, &a, &b, &c, &d);
    asm volatile ("wrmsr" :: "c" (b), "a" ((uint32_t)(uintptr_t)hypercall_page),
                  "d" ((uint32_t)((uintptr_t)hypercall_page >> 32)) : "memory");

    if (!(si->flags & SIF_INITDOMAIN)) {
        ring = (struct xencons_interface *)(uintptr_t)(hvm_param(HVM_PARAM_CONSOLE_PFN) << 12);
        ring_port = (uint32_t)hvm_param(HVM_PARAM_CONSOLE_EVTCHN);
    }
    if (si->magic == 0x336ec578 && si->cmdline_paddr)
        behaviour_of((const char *)(uintptr_t)si->cmdline_paddr, behaviour, sizeof(behaviour));
    run(behaviour);
}
