# Every activation of chapter 2 (data: activations.csv, written by `nnref demo 2`).
set terminal svg size 900,460 enhanced font 'sans,12' background rgb 'white'
set output 'activations.svg'
set datafile separator ' '
set multiplot layout 1,2
set grid lc rgb '#dddddd'
set xlabel 'x'
set xrange [-5:5]
set key below maxcols 2 spacing 1.1
set title 'the classics'
set yrange [-1.5:3]
plot 'activations.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#1f4e79' title 'sigmoid', \
     '' skip 1 using 1:4 with lines lw 2 lc rgb '#c0392b' title 'tanh', \
     '' skip 1 using 1:6 with lines lw 2 lc rgb '#27ae60' title 'relu', \
     '' skip 1 using 1:8 with lines lw 2 dt 2 lc rgb '#8e44ad' title 'leaky relu (0.01)'
set title 'the modern ones'
plot 'activations.csv' skip 1 using 1:10 with lines lw 2 lc rgb '#e67e22' title 'elu', \
     '' skip 1 using 1:12 with lines lw 2 lc rgb '#16a085' title 'softplus', \
     '' skip 1 using 1:14 with lines lw 2 lc rgb '#1f4e79' title 'gelu', \
     '' skip 1 using 1:16 with lines lw 2 dt 2 lc rgb '#c0392b' title 'gelu (tanh approx.)', \
     '' skip 1 using 1:18 with lines lw 2 lc rgb '#7f8c8d' title 'silu'
unset multiplot
