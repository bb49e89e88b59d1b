# nnref_file_page(<source dir> <file> <out>): the name Doxygen 1.9.4 gives a file's pages,
# without ".html": <out>.html documents the file, <out>_source.html shows its source
# (SOURCE_BROWSER). For example tests/test_ch02_activations.cpp -> test__ch02__activations_8cpp. Doxygen has no command that links to a source
# view, so the book writes these links itself; the link check in CI catches any that break.
#
# Doxygen names a file page by the file's name when no other input file has that name.
# When several do (exercises.hpp in every chapter; demo.cpp in the chapters and in src/cli),
# it removes the directories all of them share and keeps the rest of the path:
# chapters/01-neuron/exercises.hpp -> 01-neuron/exercises.hpp, but
# chapters/01-neuron/demo.cpp -> chapters/01-neuron/demo.cpp. Then it escapes the name:
# '_' -> "__", '/' -> "_2", '.' -> "_8".
# <file> is relative to the source dir; the inputs are the book's (docs/Doxyfile.in): the
# .hpp, .cpp and .md files under chapters/, src/ and tests/, without src/nnref/pch.hpp.
function(nnref_file_page source_dir file out)
    get_filename_component(name "${file}" NAME)
    file(GLOB_RECURSE same LIST_DIRECTORIES false RELATIVE "${source_dir}"
         "${source_dir}/chapters/*" "${source_dir}/src/*" "${source_dir}/tests/*")
    string(REPLACE "." "\\." name_regex "${name}")
    list(FILTER same INCLUDE REGEX "(^|/)${name_regex}$")
    list(REMOVE_ITEM same "src/nnref/pch.hpp")
    list(LENGTH same count)
    if(count LESS_EQUAL 1)
        set(disk_name "${name}")
    else()
        # The longest directory prefix every one of them shares.
        list(GET same 0 prefix)
        get_filename_component(prefix "${prefix}" DIRECTORY)
        foreach(other IN LISTS same)
            while(NOT prefix STREQUAL "")
                string(LENGTH "${prefix}/" length)
                string(SUBSTRING "${other}" 0 ${length} start)
                if(start STREQUAL "${prefix}/")
                    break()
                endif()
                get_filename_component(prefix "${prefix}" DIRECTORY)
            endwhile()
        endforeach()
        if(prefix STREQUAL "")
            set(disk_name "${file}")
        else()
            string(LENGTH "${prefix}/" length)
            string(SUBSTRING "${file}" ${length} -1 disk_name)
        endif()
    endif()
    string(REPLACE "_" "__" disk_name "${disk_name}")
    string(REPLACE "/" "_2" disk_name "${disk_name}")
    string(REPLACE "." "_8" disk_name "${disk_name}")
    set(${out} "${disk_name}" PARENT_SCOPE)
endfunction()
