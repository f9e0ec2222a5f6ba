# What each xtf_behaviour of xtf-mini must produce, for try-boot and try-domu. Sourced.
# shellcheck shell=bash

MINI_BEHAVIOURS=(success skip error failure warning crash crash-after-success reboot flood hang)

# expected BEHAVIOUR -> "result line|end|xl state": the last `Test result:` line ("" for none),
# how it ends (halted, crashed, rebooted, none) and `xl list`'s state column at the end.
mini_expected() {
  case $1 in
    success | flood) echo "Test result: SUCCESS|halted|---s--" ;;
    warning) echo "Test result: SUCCESS with warnings|halted|---s--" ;;
    skip) echo "Test result: SKIP|halted|---s--" ;;
    error) echo "Test result: ERROR|halted|---s--" ;;
    failure) echo "Test result: FAILURE|halted|---s--" ;;
    crash) echo "|crashed|---sc-" ;;
    crash-after-success) echo "Test result: SUCCESS|crashed|---sc-" ;;
    reboot) echo "|rebooted|---sr-" ;;
    hang) echo "|none|running" ;;
    *) echo "Test result: ERROR|halted|---s--" ;;
  esac
}
