# The Huber loss (δ = 1) against squared error r^2/2 and absolute error |r| over the
# residual r = ŷ - y, and their derivatives (data: loss_huber.csv). Huber is r^2/2 inside
# |r| <= 1 and parallel to |r| outside, so its derivative is r clipped to [-1, 1].
set terminal svg size 900,420 enhanced font 'sans,12' background rgb 'white'
set output 'loss_huber.svg'
set encoding utf8
set datafile separator ' '
set multiplot layout 1,2
set grid lc rgb '#dddddd'
set xlabel 'residual r = ŷ - y'
set xrange [-3:3]
set key top center spacing 1.1
set title 'the loss'
set yrange [0:4.5]
plot 'loss_huber.csv' skip 1 using 1:3 with lines lw 2 dt 2 lc rgb '#1f4e79' title 'r^2/2', \
     '' skip 1 using 1:4 with lines lw 2 dt 3 lc rgb '#27ae60' title '|r|', \
     '' skip 1 using 1:2 with lines lw 2 lc rgb '#c0392b' title 'Huber, δ = 1'
set title 'its derivative'
set yrange [-3.2:3.2]
set key top left
plot 'loss_huber.csv' skip 1 using 1:6 with lines lw 2 dt 2 lc rgb '#1f4e79' title 'r', \
     '' skip 1 using 1:7 with steps lw 2 dt 3 lc rgb '#27ae60' title 'sign(r)', \
     '' skip 1 using 1:5 with lines lw 2 lc rgb '#c0392b' title 'clip(r, -1, 1)'
unset multiplot
