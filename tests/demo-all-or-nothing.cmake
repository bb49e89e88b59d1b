# The test cli.demo_all_or_nothing (cmake -P): a demo that fails leaves nothing behind (no
# partial set of files, no temporary folder, no parent folder made for it) and an older
# output stays whole; a demo that succeeds replaces the older output whole; nnref demo
# refuses an output folder it cannot make or must not replace.
#   -DNNREF=<the nnref command> -DWORK_DIR=<a folder, emptied first>
#
# Chapter 7's demo fails part way through: sections 4 and 5 write their CSV files, then
# section 8 looks for Fashion-MNIST, which NNREF_FASHION_MNIST_DIR says is in an empty folder.
cmake_minimum_required(VERSION 3.25)  # the policies of nnref's own build
foreach(var NNREF WORK_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "demo-all-or-nothing.cmake: -D${var}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/no-data")
set(ENV{NNREF_FASHION_MNIST_DIR} "${WORK_DIR}/no-data")

# demo(<chapter> <out-dir> <expected exit code> <text the output must contain>...)
function(demo chapter out_dir expected)
    execute_process(COMMAND "${NNREF}" demo ${chapter} --out-dir "${out_dir}"
                    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
    message("nnref demo ${chapter} --out-dir ${out_dir}: exit ${rc}\n${err}")
    if(NOT rc EQUAL expected)
        message(FATAL_ERROR "expected exit code ${expected}, got ${rc}; stdout:\n${out}")
    endif()
    foreach(needle IN LISTS ARGN)
        string(FIND "${out}${err}" "${needle}" at)
        if(at EQUAL -1)
            message(FATAL_ERROR "the output does not say '${needle}'; stdout:\n${out}")
        endif()
    endforeach()
endfunction()

# expect_contents(<folder> <what> <name>...): the folder holds exactly these names.
function(expect_contents dir what)
    file(GLOB found LIST_DIRECTORIES true RELATIVE "${dir}" "${dir}/*")
    list(SORT found)
    set(expected ${ARGN})
    list(SORT expected)
    if(NOT found STREQUAL expected)
        message(FATAL_ERROR "${what}: ${dir} should hold [${expected}], but holds [${found}]")
    endif()
endfunction()

# 1. A first run that fails: nothing is left, not even the parent folders made for it.
# Section 5's heading comes after section 4 wrote its files.
demo(7 "${WORK_DIR}/made/for/it/07-optimizers" 2 "5. The Rosenbrock function"
     "Fashion-MNIST was not found")
expect_contents("${WORK_DIR}" "a failed first run" no-data)

# 2. A run that fails keeps the older output whole, and adds nothing to it.
demo(1 "${WORK_DIR}/kept" 0 "wrote its figure data")
file(GLOB older LIST_DIRECTORIES true RELATIVE "${WORK_DIR}/kept" "${WORK_DIR}/kept/*")
list(FIND older .nnref-demo marked)
if(marked EQUAL -1 OR NOT older MATCHES "gates.csv")
    message(FATAL_ERROR "chapter 1's output should hold .nnref-demo and gates.csv: [${older}]")
endif()
demo(7 "${WORK_DIR}/kept" 2 "Fashion-MNIST was not found")
expect_contents("${WORK_DIR}/kept" "an older output after a failed run" ${older})
expect_contents("${WORK_DIR}" "a failed run over an older output" no-data kept)

# 3. A run that succeeds replaces the older output whole: a file it does not write is gone.
file(WRITE "${WORK_DIR}/kept/stale.csv" "not written by this run\n")
demo(1 "${WORK_DIR}/kept" 0 "wrote its figure data")
expect_contents("${WORK_DIR}/kept" "an output replaced by a new run" ${older})
expect_contents("${WORK_DIR}" "a run that replaced an older output" no-data kept)

# 4. Output folders that cannot be made, or must not be replaced, are refused with exit 2,
#    and nothing is changed.
file(WRITE "${WORK_DIR}/blocker" "a file where the demo needs a folder\n")
demo(1 "${WORK_DIR}/blocker/sub/01-neuron" 2 "blocker")
demo(1 "${WORK_DIR}/blocker" 2 "is a file, not a folder")
file(WRITE "${WORK_DIR}/mine/notes.txt" "a folder of the user's\n")
demo(1 "${WORK_DIR}/mine" 2 "holds no .nnref-demo")
expect_contents("${WORK_DIR}/mine" "a folder of the user's" notes.txt)
expect_contents("${WORK_DIR}" "refused output folders" no-data kept blocker mine)
message(STATUS "nnref demo: all or nothing")
