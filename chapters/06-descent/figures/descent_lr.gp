# Mini-batch descent with three learning rates (data: descent_lr.csv, written by
# `nnref demo 6`; one data set per learning rate).
set terminal svg size 760,400 enhanced font 'sans,12' background rgb 'white'
set output 'descent_lr.svg'
set datafile separator ' '
set grid lc rgb '#dddddd'
set xlabel 'epoch'
set ylabel 'training loss'
set xtics 1
# The key sits right of the plot: inside, every corner has data under it.
set key outside right center
plot 'descent_lr.csv' index 0 skip 1 using 2:3 with linespoints pt 7 lw 2 lc rgb '#7f8c8d' title 'lr = 0.001 (too small)', \
     '' index 1 using 2:3 with linespoints pt 7 lw 2 lc rgb '#27ae60' title 'lr = 0.1', \
     '' index 2 using 2:3 with linespoints pt 7 lw 2 lc rgb '#c0392b' title 'lr = 20 (too large)'
