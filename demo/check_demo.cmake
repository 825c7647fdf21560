# demo/two_vms: run the demo hypervisor with two cores and with one (time-slicing), each twice.
# Checks the exit status (PSCI SYSTEM_OFF: 0), the lines every run must print, and determinism:
# the second run's stdout and instruction count equal the first's.
# Usage: cmake -DSIM=a72sim -DELF=hyp.elf -P check_demo.cmake
#    or: cmake -DQEMU=qemu-system-aarch64 -DBIN=hyp.bin -P check_demo.cmake (the oracle: the same lines
#        from QEMU's xlnx-versal-virt booting the Image at Non-secure EL2; QEMU has no --smp 1 for this
#        board and no instruction count, so only the two-core run's lines are checked there)

# The stage-2 fault report: VM 2 executes STR X1, [X0] to IPA 0x4020_0000, which its stage 2 does
# not map (level-2 entry invalid). ESR_EL2 (Arm ARM D17.2.37): EC 0x24 (Data Abort from a lower EL)
# << 26 | IL | ISV | SAS 0b11 (doubleword) << 22 | SRT 1 << 16 | SF | WnR | DFSC 0b000110
# (Translation fault, level 2) = 0x93C18046.
math(EXPR esr "(0x24 << 26) | (1 << 25) | (1 << 24) | (3 << 22) | (1 << 16) | (1 << 15) | (1 << 6) | 6"
     OUTPUT_FORMAT HEXADECIMAL)
string(TOLOWER "${esr}" esr)

set(common_lines
    "[vm1] stage-1 MMU on, running at VA 0x4000"
    "[vm2] stage-1 MMU on, running at VA 0x4000"
    "[vm1] tick 1\n"
    "[vm2] tick 3\n"
    "[vm2] writing to 0x40200000, past the end of my RAM\n"
    "[hyp] vm2: stage-2 fault at IPA 0x40200000 (ESR ${esr}), stopping vm2\n"
    "[vm1] tick 6\n"
    "[vm1] done after 6 timer ticks\n"
    "[hyp] vm1: done, exit code 0\n"
    "[hyp] all VMs finished, PSCI SYSTEM_OFF\n")

function(run_demo smp out_var insns_var)
  execute_process(COMMAND ${SIM} --smp ${smp} --stats --max-insns 100000000 ${ELF}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "--smp ${smp}: exit status ${rc}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  string(REGEX MATCH "instructions +([0-9]+)" m "${err}")
  if(NOT m)
    message(FATAL_ERROR "--smp ${smp}: no instruction count in --stats output:\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${insns_var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()

# The lines every run prints, and the order of VM 2's stop and VM 1's last ticks.
function(check_lines what out smp)
  set(lines ${common_lines})
  if(smp EQUAL 2)
    list(APPEND lines "[hyp] vm1 on core 0, vm2 on core 1\n")
  else()
    list(APPEND lines "[hyp] one core (CPU_ON returned -")
  endif()
  foreach(line IN LISTS lines)
    string(FIND "${out}" "${line}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${what}: missing \"${line}\" in:\n${out}")
    endif()
  endforeach()
  # nothing of VM 2 after it was stopped, and VM 1 went on after it
  string(FIND "${out}" "stopping vm2" stop_at)
  string(SUBSTRING "${out}" ${stop_at} -1 after_stop)
  if(after_stop MATCHES "\\[vm2\\]")
    message(FATAL_ERROR "${what}: vm2 printed after it was stopped:\n${out}")
  endif()
  if(NOT after_stop MATCHES "\\[vm1\\] tick")
    message(FATAL_ERROR "${what}: vm1 did not carry on after vm2 stopped:\n${out}")
  endif()
endfunction()

if(QEMU)
  execute_process(COMMAND ${QEMU} -M xlnx-versal-virt -smp 4 -display none -monitor none
                          -serial file:/dev/stdout -icount shift=0,sleep=off -kernel ${BIN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "QEMU: exit status ${rc}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  check_lines("QEMU" "${out}" 2)
  message(STATUS "QEMU: output as expected")
  return()
endif()

foreach(smp 2 1)
  run_demo(${smp} out1 insns1)
  check_lines("--smp ${smp}" "${out1}" ${smp})
  run_demo(${smp} out2 insns2)
  if(NOT out1 STREQUAL out2 OR NOT insns1 EQUAL insns2)
    message(FATAL_ERROR "--smp ${smp}: two runs differ (${insns1} vs ${insns2} instructions):\n"
                        "${out1}\n---\n${out2}")
  endif()
  message(STATUS "--smp ${smp}: ${insns1} instructions, output as expected, deterministic")

  # The hypervisor and its guests keep their TLB maintenance right: --check-tlb reports nothing, and
  # checking changes neither the output nor the instruction count (cycles may differ a little: every
  # access then goes through the modelled TLB instead of the host-side fast TLB).
  execute_process(COMMAND ${SIM} --smp ${smp} --check-tlb --stats --max-insns 100000000 ${ELF}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out3 ERROR_VARIABLE err3)
  string(REGEX MATCH "instructions +([0-9]+)" m "${err3}")
  set(insns3 "${CMAKE_MATCH_1}")
  string(FIND "${err3}" "check-tlb" stale_at)
  if(NOT rc EQUAL 0 OR NOT stale_at EQUAL -1 OR NOT out3 STREQUAL out1 OR NOT insns3 EQUAL insns1)
    message(FATAL_ERROR "--smp ${smp} --check-tlb: status ${rc}, ${insns3} instructions:\n${err3}")
  endif()
endforeach()
