# The test chapters.list (cmake -P): the chapter list in chapters/CMakeLists.txt agrees with
# the README's chapter table, with each chapter page's title, and with the folders that exist.
#   -DSOURCE_DIR=<nnref source> -DCHAPTER_LIST=<build>/nnref-chapters.cmake
# Every problem is listed before the test fails.
cmake_minimum_required(VERSION 3.25)  # the policies of nnref's own build
foreach(var SOURCE_DIR CHAPTER_LIST)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check-chapter-list.cmake: -D${var}=... is required")
    endif()
endforeach()
include("${CHAPTER_LIST}")
set(report "")
file(READ "${SOURCE_DIR}/README.md" readme)

foreach(chapter IN LISTS NNREF_CHAPTERS NNREF_PLANNED_CHAPTERS)
    string(REGEX MATCH "^([0-9]+)-(.*)$" _ "${chapter}")
    math(EXPR number "${CMAKE_MATCH_1}")
    string(REPLACE "-" "_" slug "${CMAKE_MATCH_2}")
    set(title "${NNREF_CHAPTER_TITLE_${chapter}}")
    set(row "| ${number} | `chapters/${chapter}` | ${title} |")
    string(FIND "${readme}" "${row}" at)
    if(at EQUAL -1)
        string(APPEND report "\n- README.md's chapter table has no row\n    ${row}")
    endif()
    if(chapter IN_LIST NNREF_CHAPTERS)
        set(page "${SOURCE_DIR}/chapters/${chapter}/README.md")
        set(first "# Chapter ${number}: ${title} {#ch${CMAKE_MATCH_1}_${slug}}")
        if(NOT EXISTS "${page}")
            string(APPEND report "\n- chapters/${chapter}/README.md, the chapter's page, does not exist")
        else()
            file(STRINGS "${page}" line LIMIT_COUNT 1)
            if(NOT line STREQUAL first)
                string(APPEND report "\n- chapters/${chapter}/README.md must start with\n    ${first}\n"
                       "  not\n    ${line}")
            endif()
        endif()
    endif()
endforeach()

# A chapter folder that the list does not build is a chapter someone forgot to add.
file(GLOB folders RELATIVE "${SOURCE_DIR}/chapters" "${SOURCE_DIR}/chapters/[0-9][0-9]-*")
foreach(folder IN LISTS folders)
    if(IS_DIRECTORY "${SOURCE_DIR}/chapters/${folder}" AND NOT folder IN_LIST NNREF_CHAPTERS)
        string(APPEND report "\n- chapters/${folder} exists but is not in the chapter list; add "
               "nnref_chapter(${folder} ...) to chapters/CMakeLists.txt")
    endif()
endforeach()

if(report)
    message(FATAL_ERROR "chapters.list: the chapter list and the pages disagree:${report}\n")
endif()
list(LENGTH NNREF_CHAPTERS n)
message(STATUS "chapters.list: ${n} chapters agree with README.md and their pages")
