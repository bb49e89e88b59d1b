# The test layers (cmake -P): nnref's include rules, checked on every file.
#   - src/nnref is the ground floor: it includes no chapter;
#   - a chapter includes only earlier chapters (and src/nnref);
#   - only the nnref command (src/cli) and the tests know every chapter.
#   -DSOURCE_DIR=<nnref source>
# Every problem is listed before the test fails.
cmake_minimum_required(VERSION 3.25)  # the policies of nnref's own build
if(NOT DEFINED SOURCE_DIR)
    message(FATAL_ERROR "check-layers.cmake: -DSOURCE_DIR=... is required")
endif()
set(report "")
set(checked 0)

# The chapter includes of one file: `#include "05-backprop/mlp.hpp"` gives 05.
function(chapters_included file out)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]+\"[0-9][0-9]-")
    set(numbers "")
    foreach(line IN LISTS lines)
        string(REGEX REPLACE "^[^\"]*\"([0-9][0-9])-.*" "\\1" n "${line}")
        list(APPEND numbers ${n})
    endforeach()
    set(${out} "${numbers}" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE ground RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/src/nnref/*.hpp" "${SOURCE_DIR}/src/nnref/*.cpp")
foreach(file IN LISTS ground)
    chapters_included("${SOURCE_DIR}/${file}" numbers)
    math(EXPR checked "${checked} + 1")
    if(numbers)
        string(APPEND report "\n- ${file} includes chapter ${numbers}: src/nnref must not include a chapter")
    endif()
endforeach()

file(GLOB_RECURSE chapter_files RELATIVE "${SOURCE_DIR}/chapters"
     "${SOURCE_DIR}/chapters/*.hpp" "${SOURCE_DIR}/chapters/*.cpp")
foreach(file IN LISTS chapter_files)
    string(SUBSTRING "${file}" 0 2 own)
    chapters_included("${SOURCE_DIR}/chapters/${file}" numbers)
    math(EXPR checked "${checked} + 1")
    foreach(n IN LISTS numbers)
        if(n GREATER own)
            string(APPEND report "\n- chapters/${file} includes chapter ${n}, a later one: a chapter "
                   "may use only the chapters before it")
        endif()
    endforeach()
endforeach()

if(report)
    message(FATAL_ERROR "layers: an include crosses a layer:${report}\n")
endif()
message(STATUS "layers: ${checked} files; src/nnref includes no chapter, and no chapter a later one")
