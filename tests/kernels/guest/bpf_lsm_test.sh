#!/bin/sh
# Guest test: BPF LSM is active (run.sh boots with lsm=...,bpf where the kernel's
# built-in list lacks it, as 5.10's does), so that lsm/ programs can attach.
# The active list is the kernel's own: /sys/kernel/security/lsm.
lsms=$(cat /sys/kernel/security/lsm) || { echo "FAIL: cannot read /sys/kernel/security/lsm"; exit 1; }
echo "bpf-lsm: active LSMs: $lsms"
case ",$lsms," in
*,bpf,*) echo "bpf-lsm: PASS" ;;
*) echo "FAIL: bpf is not among the active LSMs"; exit 1 ;;
esac
