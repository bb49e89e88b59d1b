# The tests cli.demoN (cmake -P): `nnref demo N` runs to the end (exit 0), twice, and prints
# the same stdout both times, byte for byte, as the book needs (docs/run-demo.cmake quotes
# it). The demos that time things print the times on stderr; a time on stdout fails this test.
#   -DNNREF=<the nnref command> -DCHAPTER=<N> -DWORK_DIR=<a folder, emptied first>
cmake_minimum_required(VERSION 3.25)  # the policies of nnref's own build
foreach(var NNREF CHAPTER WORK_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "demo-same-output.cmake: -D${var}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
foreach(run 1 2)
    # Different output folders: a demo must not print its folder either.
    execute_process(COMMAND "${NNREF}" demo ${CHAPTER} --out-dir "${WORK_DIR}/out${run}"
                    OUTPUT_FILE "${WORK_DIR}/stdout${run}.txt"
                    ERROR_VARIABLE err RESULT_VARIABLE rc)
    message("run ${run}, stderr:\n${err}")
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "nnref demo ${CHAPTER} exited with ${rc}")
    endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${WORK_DIR}/stdout1.txt"
                        "${WORK_DIR}/stdout2.txt" RESULT_VARIABLE differ)
if(differ)
    # The first line that differs. (In a CMake list ';' separates the items: commas stand in.)
    foreach(run 1 2)
        file(READ "${WORK_DIR}/stdout${run}.txt" text)
        string(REPLACE ";" "," text "${text}")
        string(REPLACE "\n" ";" lines${run} "${text}")
    endforeach()
    set(line 0)
    foreach(a b IN ZIP_LISTS lines1 lines2)
        math(EXPR line "${line} + 1")
        if(NOT a STREQUAL b)
            set(first "line ${line}:\n  run 1: ${a}\n  run 2: ${b}")  # a and b end with the loop
            break()
        endif()
    endforeach()
    message(FATAL_ERROR "nnref demo ${CHAPTER} printed different stdout on two runs; ${first}\n"
                        "(a time belongs on stderr: DemoContext::times)")
endif()
file(SIZE "${WORK_DIR}/stdout1.txt" size)
message(STATUS "nnref demo ${CHAPTER}: the same ${size} bytes on stdout, twice")
