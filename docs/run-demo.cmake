# Runs one chapter demo for the book (cmake -P, called by docs/CMakeLists.txt):
#   nnref demo CHAPTER --out-dir OUT_DIR  >  OUT_DIR/demo.txt
# OUT_DIR is emptied first, so a CSV the demo no longer writes cannot linger in the book.
# demo.txt only appears when the demo succeeds; a failing demo fails the build and
# prints what the demo said.
foreach(var NNREF CHAPTER OUT_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run-demo.cmake: -D${var}=... is required")
    endif()
endforeach()

file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
execute_process(
    COMMAND "${NNREF}" demo ${CHAPTER} --out-dir "${OUT_DIR}"
    OUTPUT_FILE "${OUT_DIR}/demo.txt.part"
    ERROR_VARIABLE err
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    file(READ "${OUT_DIR}/demo.txt.part" out)
    file(REMOVE "${OUT_DIR}/demo.txt.part")
    message(FATAL_ERROR "nnref demo ${CHAPTER} failed (${rc}).\n"
                        "--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
file(SIZE "${OUT_DIR}/demo.txt.part" size)
if(size EQUAL 0)
    message(FATAL_ERROR "nnref demo ${CHAPTER} printed nothing; the book shows its output")
endif()
if(err)
    # Diagnostics on stderr are not part of the page, but should not vanish either.
    message(STATUS "nnref demo ${CHAPTER} wrote to stderr:\n${err}")
endif()
file(RENAME "${OUT_DIR}/demo.txt.part" "${OUT_DIR}/demo.txt")
