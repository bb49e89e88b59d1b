# Every optimizer's path on the Rosenbrock function from (-1.2, 1), one panel each, over the
# contours f = 0.05, 0.25, 1, 4, 16, 64, 256 (data: opt_rosenbrock_grid.csv and
# opt_rosenbrock_paths.csv, written by `nnref demo 7`; data set k of the paths file is the
# k-th optimizer of rosenbrock_settings()). Open circle: the start; cross: the minimum (1, 1).
set terminal svg size 960,560 enhanced font 'sans,11' background rgb 'white'
set output 'opt_rosenbrock_paths.svg'

# Contour lines, computed by gnuplot from the grid into a datablock.
set contour base
set cntrparam levels discrete 0.05, 0.25, 1, 4, 16, 64, 256
unset surface
set view map
set table $contours
splot 'opt_rosenbrock_grid.csv' using 1:2:3 with lines notitle
unset table
unset contour

names = "SGD Momentum Nesterov AdaGrad RMSprop Adam AdamW"
colors = "#555555 #1f4e79 #2e86c1 #27ae60 #e67e22 #c0392b #8e44ad"
set xrange [-1.6:1.6]
set yrange [-0.5:2]

unset key
set tics font 'sans,9'
set multiplot layout 2,4 title 'Rosenbrock, f = (1 - x)^2 + 100 (y - x^2)^2' font 'sans,13'
do for [i=1:7] {
    set title word(names, i)
    plot $contours with lines lc rgb '#c8c8c8' lw 1, \
         'opt_rosenbrock_paths.csv' index (i-1) using 2:3 with lines lc rgb word(colors, i) lw 1.5, \
         '' index (i-1) every ::0::0 using 2:3 with points pt 6 ps 1 lc rgb 'black', \
         '+' using (1):(1) every ::0::0 with points pt 2 ps 1.2 lw 2 lc rgb 'black'
}
unset multiplot
