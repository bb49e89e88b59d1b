# The test build.student_warning (cmake -P): a student's half-written exercises.cpp, with an
# unused variable, must compile in any build of nnref: warned about, never an error.
#   -DBUILD_DIR=<nnref build> -DPROBE=<the probe's source, to touch so that it is rebuilt>
cmake_minimum_required(VERSION 3.25)  # the policies of nnref's own build
foreach(var BUILD_DIR PROBE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "build-student-probe.cmake: -D${var}=... is required")
    endif()
endforeach()
file(TOUCH "${PROBE}")
execute_process(
    COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target nnref_student_probe
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}${err}")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "an exercises.cpp with an unused variable did not compile (exit ${rc}): "
                        "a student's warnings must never be errors")
endif()
if(NOT "${out}${err}" MATCHES "unused")
    message(FATAL_ERROR "the probe compiled without the unused-variable warning, so it tested "
                        "nothing: are the warnings still on for the student's file?")
endif()
