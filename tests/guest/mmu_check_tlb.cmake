# Runs a72sim --check-tlb on mmu_check_tlb.elf and checks its stderr (cmake -P script).
# -DSIM=a72sim -DELF=mmu_check_tlb.elf -DAPPEND=<semihosting command line> -DEXPECT_STALE=ON|OFF
execute_process(COMMAND ${SIM} --el3 --check-tlb --max-insns 50000000 --append "${APPEND}" ${ELF}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "a72sim exited with status ${status}, expected 0")
endif()
# the guest reads VA 0x40000008 through the translation it changed
string(REGEX MATCH "stale TLB entry used[^\n]*VA 0x40000008[^0-9a-f]" stale "${err}")
string(FIND "${err}" "stale TLB entry used" any)
if(EXPECT_STALE AND NOT stale)
  message(FATAL_ERROR "expected a \"stale TLB entry used\" report for VA 0x40000008")
elseif(NOT EXPECT_STALE AND NOT any EQUAL -1)
  message(FATAL_ERROR "unexpected \"stale TLB entry used\" report")
endif()
