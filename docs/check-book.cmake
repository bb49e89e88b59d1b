# The docs.book test (cmake -P): checks what the book build made, rebuilds nothing.
#   -DBOOK_DIR=<build>/book -DWARN_LOG=<log> -DCHAPTERS=01-neuron,02-activations,...
# Every problem is listed before the test fails.
foreach(var BOOK_DIR WARN_LOG CHAPTERS)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check-book.cmake: -D${var}=... is required")
    endif()
endforeach()
string(REPLACE "," ";" CHAPTERS "${CHAPTERS}")
set(html "${BOOK_DIR}/html")
# Each problem is appended to `report` as "\n- what is wrong".
set(report "")

# The text Doxygen writes for a line of a verbatim block: & < > " ' escaped.
function(html_escape in out)
    string(REPLACE "&" "&amp;" s "${in}")
    string(REPLACE "<" "&lt;" s "${s}")
    string(REPLACE ">" "&gt;" s "${s}")
    set(${out} "${s}" PARENT_SCOPE)
endfunction()

if(NOT EXISTS "${WARN_LOG}")
    string(APPEND report "\n- Doxygen's warning log ${WARN_LOG} does not exist (was the book built?)")
else()
    file(READ "${WARN_LOG}" warnings)
    if(warnings MATCHES "[^ \t\r\n]")
        string(APPEND report "\n- Doxygen's warning log is not empty:\n${warnings}")
    endif()
endif()
foreach(file index.html notation.html mathjax/MathJax.js
             mathjax/jax/output/SVG/jax.js mathjax/extensions/TeX/AMSmath.js)
    if(NOT EXISTS "${html}/${file}")
        string(APPEND report "\n- missing ${html}/${file}")
    endif()
endforeach()

foreach(chapter IN LISTS CHAPTERS)
    string(REGEX MATCH "^([0-9]+)-(.*)$" _ "${chapter}")
    string(REPLACE "-" "_" slug "${CMAKE_MATCH_2}")
    set(id "ch${CMAKE_MATCH_1}_${slug}")
    set(page "${html}/${id}.html")
    set(demo "${BOOK_DIR}/demo/${chapter}/demo.txt")

    if(NOT EXISTS "${page}")
        string(APPEND report "\n- ${chapter}: no page ${id}.html; chapters/${chapter}/README.md "
               "must start with\n    # Title {#${id}}")
        continue()
    endif()
    file(READ "${page}" content)

    if(NOT EXISTS "${demo}")
        string(APPEND report "\n- ${chapter}: the demo output ${demo} does not exist")
    else()
        file(READ "${demo}" text)
        string(REGEX MATCH "[^\r\n]*[^ \t\r\n][^\r\n]*" first "${text}")  # first non-blank line
        string(STRIP "${first}" first)
        if(first STREQUAL "")
            string(APPEND report "\n- ${chapter}: ${demo} is empty")
        else()
            html_escape("${first}" escaped)
            string(FIND "${content}" "${escaped}" at)
            if(at EQUAL -1)
                string(APPEND report "\n- ${chapter}: ${id}.html does not show the demo output: "
                       "the line\n    ${first}\n  is not in the page. "
                       "Add  \\verbinclude ${chapter}/demo.txt")
            endif()
        endif()
    endif()

    if(NOT content MATCHES "<svg|\\.svg")
        string(APPEND report "\n- ${chapter}: ${id}.html has no figure (no <svg or .svg in the page)")
    endif()
    if(NOT content MATCHES "mathjax/MathJax\\.js")
        string(APPEND report "\n- ${chapter}: ${id}.html does not load mathjax/MathJax.js")
    endif()
endforeach()

list(LENGTH CHAPTERS n)
if(report)
    message(FATAL_ERROR "docs.book: the book in ${BOOK_DIR} is not complete:${report}\n")
endif()
message(STATUS "docs.book: ${n} chapter page(s) with demo output, figures and MathJax; "
               "no Doxygen warnings")
