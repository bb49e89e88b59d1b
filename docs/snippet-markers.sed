# Doxygen INPUT_FILTER (Doxyfile.in): turns a snippet marker line such as
#     //! [forward]
# into a plain comment, "// [forward]", before Doxygen parses the file. Otherwise "//!"
# makes the marker part of the next entity's documentation ("[forward] What the ...").
# \snippet still finds the marker, and line numbers do not change.
s|^\([[:space:]]*\)//!\([[:space:]]*\[[^]]*\][[:space:]]*\)$|\1//\2|
