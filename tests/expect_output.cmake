# Runs PROGRAM with ARG; fails unless it exits 0 and prints exactly EXPECTED on stdout.
# (ctest's PASS_REGULAR_EXPRESSION would ignore the exit status: a crash at exit would pass.)
execute_process(COMMAND "${PROGRAM}" ${ARG} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(REPLACE "\\n" "\n" expected "${EXPECTED}")
if(NOT rc STREQUAL "0" OR NOT out STREQUAL expected)
  message(FATAL_ERROR "${PROGRAM} ${ARG}: status ${rc}\nstdout:\n${out}\nexpected:\n${expected}\nstderr:\n${err}")
endif()
message(STATUS "${PROGRAM} ${ARG}: status 0, output as expected")
