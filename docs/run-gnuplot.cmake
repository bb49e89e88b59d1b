# Runs one figure script for the book (cmake -P, called by docs/CMakeLists.txt).
# The working directory is the chapter's demo output folder, so the script reads the
# demo's CSV files by plain name and writes SVG (its `set output`) beside them.
foreach(var GNUPLOT SCRIPT SVG)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run-gnuplot.cmake: -D${var}=... is required")
    endif()
endforeach()

file(REMOVE "${SVG}")
execute_process(
    COMMAND "${GNUPLOT}" "${SCRIPT}"
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    file(REMOVE "${SVG}")
    message(FATAL_ERROR "gnuplot ${SCRIPT} failed (${rc}):\n${out}${err}")
endif()
if(err MATCHES "[^ \t\r\n]")
    # gnuplot exits 0 after warnings such as "Skipping data file with no valid points":
    # a figure that silently lost its data is a broken figure.
    file(REMOVE "${SVG}")
    message(FATAL_ERROR "gnuplot ${SCRIPT} reported:\n${err}")
endif()
if(NOT EXISTS "${SVG}")
    get_filename_component(name "${SVG}" NAME)
    message(FATAL_ERROR "gnuplot ${SCRIPT} succeeded but did not write ${name}.\n"
                        "A figure script named <name>.gp must say: set terminal svg ... "
                        "and set output '<name>.svg'")
endif()
