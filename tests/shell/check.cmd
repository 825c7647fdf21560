# args: @DEMO@/../tests/guest/check_bbm.elf
# check on|off: bbm turned on from the shell reports the guest's break-before-make violation once,
# at the PC the guest prints, with the rule and the evidence; an unknown check is refused.
check on bbm
continue
check off bbm
check on nope
