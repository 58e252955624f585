# Installs the build into a scratch prefix and builds examples/cpp against it.
file(REMOVE_RECURSE "${WORK_DIR}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()
run(${CMAKE_COMMAND} --install "${BINARY_DIR}" --prefix "${WORK_DIR}/prefix")
# The exported target puts only <prefix>/include on a consumer's include path, and asks
# for C++17.
file(GLOB targets "${WORK_DIR}/prefix/lib*/cmake/twinhost/twinhostTargets.cmake")
file(READ "${targets}" exported)
if(exported MATCHES "include/twinhost/api" OR NOT exported MATCHES "cxx_std_17")
  message(FATAL_ERROR "twinhostTargets.cmake: include/twinhost/api exported, or no cxx_std_17")
endif()
# CONSUMER_FLAGS: the sanitized tree builds the consumer with ASan+UBSan as well.
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/cpp" -B "${WORK_DIR}/build"
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build" -j2)
run("${WORK_DIR}/build/hello_twinhost")
# The installed binary finds its modules from the install tree.
run("${WORK_DIR}/prefix/bin/twinhost" -p "'from JavaScript: ' + 6 * 7")
run("${WORK_DIR}/prefix/bin/twinhost" -c "print('from Python:', 43)")
