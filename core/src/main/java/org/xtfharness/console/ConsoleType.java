package org.xtfharness.console;

import java.util.Locale;
import org.xtfharness.domain.DomainId;

/**
 * Which of a domain's consoles {@code xenconsole --type} attaches to, and where xenstore announces
 * that console's tty.
 */
public enum ConsoleType {
    /** The PV console: what XTF's PV guests (and HVM guests' PV console) write to. */
    PV("pv", "console/tty"),
    /** The emulated serial port of an HVM guest (QEMU's). */
    SERIAL("serial", "serial/0/tty"),
    /** The virtual UART (Arm's SBSA UART, x86's from Xen 4.15). */
    VUART("vuart", "vuart/0/tty");

    private final String option;
    private final String ttyNode;

    ConsoleType(String option, String ttyNode) {
        this.option = option;
        this.ttyNode = ttyNode;
    }

    /** The value of xenconsole's {@code --type}. */
    public String option() {
        return option;
    }

    /** The xenstore path of this console's tty, e.g. {@code /local/domain/5/console/tty}. */
    public String ttyPath(DomainId id) {
        return "/local/domain/" + id.value() + "/" + ttyNode;
    }

    /** {@code pv}, {@code serial} or {@code vuart}, any case. */
    public static ConsoleType parse(String s) {
        for (ConsoleType t : values()) {
            if (t.option.equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("console type is pv, serial or vuart, not '" + s + "'");
    }
}
