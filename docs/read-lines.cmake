# nnref_read_lines(<file> <out>): the file's lines as a CMake list, one entry per line.
# Brackets and semicolons, which a line may hold (an interval [0, 1) in TeX) and which would
# break CMake's lists, travel as the placeholders <nnref-lb>, <nnref-rb> and <nnref-sc>;
# nnref_restore_brackets(<var>) turns them back. Used by concepts.cmake and check-book.cmake.
function(nnref_read_lines file out)
    file(READ "${file}" text)
    string(REPLACE "[" "<nnref-lb>" text "${text}")
    string(REPLACE "]" "<nnref-rb>" text "${text}")
    string(REPLACE ";" "<nnref-sc>" text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    set(${out} "${lines}" PARENT_SCOPE)
endfunction()

# nnref_restore_brackets(<var>): the text in <var> with nnref_read_lines's placeholders undone.
function(nnref_restore_brackets var)
    string(REPLACE "<nnref-lb>" "[" text "${${var}}")
    string(REPLACE "<nnref-rb>" "]" text "${text}")
    string(REPLACE "<nnref-sc>" ";" text "${text}")
    set(${var} "${text}" PARENT_SCOPE)
endfunction()
