# Runs one chapter demo for the book (cmake -P, called by docs/CMakeLists.txt):
#   nnref demo CHAPTER --out-dir OUT_DIR  >  OUT_DIR/demo.txt  2>  OUT_DIR/times.txt
#
# demo.txt is what the demo printed on stdout. It is the same, byte for byte, on every run
# (the seeds fix every number; the tests cli.demoN check it), so the page that
# quotes it says the same on every build. The times a demo measures differ on every run, so
# the demos print them on stderr (DemoContext::times), and they are kept apart in times.txt,
# which a page shows under a heading saying that they are the times of the machine that
# built the book. Lines on stderr that begin with "nnref: " are the command's own messages,
# not the demo's: they go to the build log instead.
#
# nnref demo makes its output folder whole or not at all, and replaces an older one whole;
# OUT_DIR is still removed first, so that a failing demo leaves no page of an earlier build
# behind. demo.txt, the file the build waits for, appears last, and only when the demo
# succeeds; a failing demo fails the build and prints what the demo said.
foreach(var NNREF CHAPTER OUT_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run-demo.cmake: -D${var}=... is required")
    endif()
endforeach()

file(REMOVE_RECURSE "${OUT_DIR}")
# Beside OUT_DIR, not in it: nnref demo makes OUT_DIR itself, at the end.
set(part "${OUT_DIR}.demo.txt.part")
execute_process(
    COMMAND "${NNREF}" demo ${CHAPTER} --out-dir "${OUT_DIR}"
    OUTPUT_FILE "${part}"
    ERROR_VARIABLE err
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    file(READ "${part}" out)
    file(REMOVE "${part}")
    message(FATAL_ERROR "nnref demo ${CHAPTER} failed (${rc}).\n"
                        "--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
file(SIZE "${part}" size)
if(size EQUAL 0)
    file(REMOVE "${part}")
    message(FATAL_ERROR "nnref demo ${CHAPTER} printed nothing; the book shows its output")
endif()

# Split stderr into the command's messages and the demo's times. A newline in front lets one
# pattern match the first line too.
set(times "\n${err}")
string(REGEX MATCHALL "\nnnref: [^\n]*" messages "${times}")
string(REGEX REPLACE "\nnnref: [^\n]*" "" times "${times}")
string(REGEX REPLACE "^\n" "" times "${times}")
if(messages)
    string(REPLACE ";" "" messages "${messages}")
    string(STRIP "${messages}" messages)
    message(STATUS "${messages}")
endif()
file(WRITE "${OUT_DIR}/times.txt.part" "${times}")
file(RENAME "${OUT_DIR}/times.txt.part" "${OUT_DIR}/times.txt")
file(RENAME "${part}" "${OUT_DIR}/demo.txt")
