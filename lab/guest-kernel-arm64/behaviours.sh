# What each behaviour of xtf-mini for arm64 must produce, for try-boot. Sourced.
# shellcheck shell=bash

# The x86 kernel's behaviours (lab/guest-kernel/behaviours.sh) plus three of arm64's own:
# success-psci (the result, then PSCI SYSTEM_OFF instead of SCHEDOP_shutdown), fault (a data
# abort that a vector table of the kernel's reports as a PANIC, then a crash) and fault-silent
# (the same abort with no vector table: the vCPU faults for ever and prints nothing more).
# shellcheck disable=SC2034 # used by the scripts that source this file
MINI_ARM64_BEHAVIOURS=(success skip error failure warning crash crash-after-success reboot success-psci
  flood fault hang fault-silent)

# expected BEHAVIOUR PLACEMENT -> "result line|end": the last `Test result:` line the test
# printed ("" for none) and how it ends as Xen shows it. PLACEMENT dom0: Xen's hardware domain
# lines (halted, crashed, rebooted; none: nothing ends it). PLACEMENT domu: a domU's end is
# silent (domain_shutdown prints nothing for it), so the end is the test's own last line:
# result (a result line), panic (XTF's closing row of stars after a PANIC line), or none.
mini_arm64_expected() {
  local b=$1 placement=$2 result end_dom0 end_domu
  case $b in
    success | flood | success-psci) result="Test result: SUCCESS" ;;
    warning) result="Test result: SUCCESS with warnings" ;;
    skip) result="Test result: SKIP" ;;
    failure) result="Test result: FAILURE" ;;
    crash | fault | reboot | hang | fault-silent) result="" ;;
    crash-after-success) result="Test result: SUCCESS" ;;
    *) result="Test result: ERROR" ;;
  esac
  case $b in
    crash | fault) end_dom0=crashed end_domu=panic ;;
    crash-after-success) end_dom0=crashed end_domu=result ;;
    reboot) end_dom0=rebooted end_domu=none ;;
    hang | fault-silent) end_dom0=none end_domu=none ;;
    *) end_dom0=halted end_domu=result ;;
  esac
  if [ "$placement" = dom0 ]; then
    echo "$result|$end_dom0"
  else
    echo "$result|$end_domu"
  fi
}
