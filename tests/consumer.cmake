# The tests package.install and package.subdirectory (cmake -P): a project of a student's own
# that uses nnref, built from the README's own text, so the README cannot drift.
#   -DMODE=install       cmake --install this build into a prefix, then find_package(nnref)
#   -DMODE=subdirectory  add_subdirectory(<nnref source>) instead of find_package
#   -DSOURCE_DIR -DBUILD_DIR (nnref's), -DWORK_DIR (emptied first), -DGENERATOR -DCXX -DBUILD_TYPE
# The project is the README's "Using nnref in your own project": its CMakeLists.txt and the
# main.cpp of "Checking your own derivatives in C++", cut from the fenced blocks that follow the
# markers <!-- package: CMakeLists.txt --> and <!-- package: main.cpp -->. To them the test
# adds one program that links nnref::io, and a check that nnref passes no compile options
# (its warnings) to its users.
cmake_minimum_required(VERSION 3.25)  # the policies of nnref's own build
foreach(var MODE SOURCE_DIR BUILD_DIR WORK_DIR GENERATOR CXX)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "consumer.cmake: -D${var}=... is required")
    endif()
endforeach()

# run(<what> COMMAND ...): runs a command; on failure, stops with what it printed.
function(run what)
    execute_process(${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
    endif()
    set(run_output "${out}${err}" PARENT_SCOPE)
endfunction()

# The fenced block after `<!-- package: <name> -->` in the README.
file(READ "${SOURCE_DIR}/README.md" readme)
function(readme_block name out)
    string(FIND "${readme}" "<!-- package: ${name} -->" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "README.md has no marker <!-- package: ${name} -->")
    endif()
    string(SUBSTRING "${readme}" ${at} -1 rest)
    if(NOT rest MATCHES "```[a-z]*\n(.*)")
        message(FATAL_ERROR "README.md: no fenced block after <!-- package: ${name} -->")
    endif()
    string(FIND "${CMAKE_MATCH_1}" "```" end)
    string(SUBSTRING "${CMAKE_MATCH_1}" 0 ${end} block)
    set(${out} "${block}" PARENT_SCOPE)
endfunction()
readme_block(CMakeLists.txt lists)
readme_block(main.cpp main)
if(NOT lists MATCHES "add_executable\\(([A-Za-z0-9_]+)")
    message(FATAL_ERROR "README.md's CMakeLists.txt has no add_executable")
endif()
set(program ${CMAKE_MATCH_1})

set(project_dir "${WORK_DIR}/project")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${project_dir}")
set(configure_args -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX})
if(BUILD_TYPE)
    list(APPEND configure_args -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
endif()

if(MODE STREQUAL "install")
    set(prefix "${WORK_DIR}/prefix")
    run("cmake --install ${BUILD_DIR}" COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
    list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${prefix}")
    foreach(installed bin/nnref share/nnref/data/iris.csv include/nnref/core/matrix.hpp
                      include/nnref/chapters/05-backprop/mlp.hpp lib/cmake/nnref/nnrefConfig.cmake)
        if(NOT EXISTS "${prefix}/${installed}")
            message(FATAL_ERROR "cmake --install did not install ${installed}")
        endif()
    endforeach()
elseif(MODE STREQUAL "subdirectory")
    if(NOT lists MATCHES "find_package\\(nnref[^\n]*")
        message(FATAL_ERROR "README.md's CMakeLists.txt has no find_package(nnref ...) line")
    endif()
    string(REPLACE "${CMAKE_MATCH_0}" "add_subdirectory(\"${SOURCE_DIR}\" nnref EXCLUDE_FROM_ALL)"
           lists "${lists}")
else()
    message(FATAL_ERROR "consumer.cmake: MODE must be install or subdirectory, not '${MODE}'")
endif()

file(WRITE "${project_dir}/main.cpp" "${main}")
file(WRITE "${project_dir}/data_dir.cpp" [[
// Added by tests/consumer.cmake: a program that links nnref::io.
#include "nnref/data/locate.hpp"

#include <iostream>

int main() {
    std::cout << "data " << nnref::data_dir().string() << "\n";
}
]])
file(WRITE "${project_dir}/CMakeLists.txt" "${lists}" [[

# Added by tests/consumer.cmake.
add_executable(data_dir data_dir.cpp)
target_link_libraries(data_dir PRIVATE nnref::io)
foreach(target nnref::nnref nnref::io)
    get_target_property(options ${target} INTERFACE_COMPILE_OPTIONS)
    if(options)
        message(FATAL_ERROR "${target} passes compile options to its users: ${options}")
    endif()
endforeach()
]])

run("configuring the README's project (${MODE})"
    COMMAND "${CMAKE_COMMAND}" -S "${project_dir}" -B "${WORK_DIR}/build" ${configure_args})
run("building the README's project (${MODE})" COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
run("running ${program}" COMMAND "${WORK_DIR}/build/${program}")
message("${program} printed:\n${run_output}")
foreach(expected "PASSED" "digits agreed" "CORRECT")
    string(FIND "${run_output}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${program} did not print '${expected}', as the README says it does")
    endif()
endforeach()
run("running data_dir" COMMAND "${WORK_DIR}/build/data_dir")
message("${run_output}")
if(MODE STREQUAL "install")
    # The installed command runs a demo from the installed data.
    run("the installed nnref demo 1"
        COMMAND "${CMAKE_COMMAND}" -E env "NNREF_DATA_DIR=${prefix}/share/nnref/data"
                "${prefix}/bin/nnref" demo 1 --out-dir "${WORK_DIR}/demo")
endif()
message(STATUS "package.${MODE}: the README's project builds and runs")
