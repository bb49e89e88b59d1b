# Relative error of f'(1) for f(x) = e^x sin x against the step h (data: step_sweep.csv, written
# by `nnref demo 3`), one panel per number type. Forward and central differences and
# Richardson draw a V: truncation falls with h on the right, round-off rises as eps/h on the
# left. The complex step has no round-off term, so no V. An exact answer is written as 1e-110.
set terminal svg size 1080,450 enhanced font 'sans,12' background rgb 'white'
set output 'step_sweep.svg'
set datafile separator ' '
set multiplot layout 1,3
set logscale xy
set grid lc rgb '#dddddd'
set xlabel 'step h'
set format x '10^{%L}'
set format y '10^{%L}'
# One key for the three panels, in a row below their x labels, drawn by hand before the last
# panel (gnuplot lays a key out within one panel's width, which stacked the four entries
# over the x label). Every panel keeps the same margins.
set bmargin 7
unset key
set style line 1 lw 2 lc rgb '#c0392b'
set style line 2 lw 2 lc rgb '#1f4e79'
set style line 3 lw 2 lc rgb '#27ae60'
set style line 4 lw 2 dt 2 lc rgb '#8e44ad'

set title 'f64 (eps = 2.2e-16)'
set ylabel "relative error of f'(1)"
set xrange [1e-18:0.3]
set yrange [1e-17:10]
set xtics 1e-18,1e3,1
plot 'step_sweep.csv' skip 1 using 1:2 with lines ls 1 title 'forward', \
     '' skip 1 using 1:3 with lines ls 2 title 'central', \
     '' skip 1 using 1:4 with lines ls 3 title 'Richardson', \
     '' skip 1 using 1:5 with lines ls 4 title 'complex step'

set title 'hp50 (eps = 5.3e-51)'
unset ylabel
set xrange [1e-60:0.3]
set yrange [1e-52:10]
set xtics 1e-60,1e10,1
set ytics 1e-50,1e10,1
plot 'step_sweep.csv' skip 1 using 1:6 with lines ls 1 title 'forward', \
     '' skip 1 using 1:7 with lines ls 2 title 'central', \
     '' skip 1 using 1:8 with lines ls 3 title 'Richardson', \
     '' skip 1 using 1:9 with lines ls 4 title 'complex step'

set title 'hp100 (eps = 5.5e-101)'
array names[4] = ['forward', 'central', 'Richardson', 'complex step']
do for [i = 1:4] {
    x = 0.2 + 0.16 * (i - 1)
    set arrow i from screen x, 0.04 to screen x + 0.035, 0.04 nohead ls i
    name = names[i]
    set label i name at screen x + 0.045, 0.04 left
}
set yrange [1e-102:10]
set ytics 1e-100,1e20,1
plot 'step_sweep.csv' skip 1 using 1:10 with lines ls 1 title 'forward', \
     '' skip 1 using 1:11 with lines ls 2 title 'central', \
     '' skip 1 using 1:12 with lines ls 3 title 'Richardson', \
     '' skip 1 using 1:13 with lines ls 4 title 'complex step'
unset multiplot
