# Every optimizer's path on the quadratic f = (x^2 + 100 y^2)/2 from (-8, 1.3), one panel
# each, over the contours f = 0.5, 2, 8, 32, 116.5 (the last through the start) (data:
# opt_quadratic_grid.csv and opt_quadratic_paths.csv, written by `nnref demo 7`; data set k
# is the k-th optimizer of quadratic_settings()). Open circle: the start; cross: the minimum.
set terminal svg size 960,520 enhanced font 'sans,11' background rgb 'white'
set output 'opt_quadratic_paths.svg'

set contour base
set cntrparam levels discrete 0.5, 2, 8, 32, 116.5
unset surface
set view map
set table $contours
splot 'opt_quadratic_grid.csv' using 1:2:3 with lines notitle
unset table
unset contour

names = "SGD Momentum Nesterov AdaGrad RMSprop Adam AdamW"
colors = "#555555 #1f4e79 #2e86c1 #27ae60 #e67e22 #c0392b #8e44ad"
set xrange [-9:3]
set yrange [-1.5:1.5]
unset key
set tics font 'sans,9'
set multiplot layout 2,4 title 'An ill-conditioned quadratic, f = (x^2 + 100 y^2) / 2' font 'sans,13'
do for [i=1:7] {
    set title word(names, i)
    plot $contours with lines lc rgb '#c8c8c8' lw 1, \
         'opt_quadratic_paths.csv' index (i-1) using 2:3 with lines lc rgb word(colors, i) lw 1.5, \
         '' index (i-1) every ::0::0 using 2:3 with points pt 6 ps 1 lc rgb 'black', \
         '+' using (0):(0) every ::0::0 with points pt 2 ps 1.2 lw 2 lc rgb 'black'
}
unset multiplot
