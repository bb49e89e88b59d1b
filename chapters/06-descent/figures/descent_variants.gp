# The three variants on 1000 Fashion-MNIST images (data: descent_epochs.csv and
# descent_steps.csv, written by `nnref demo 6`; one data set per variant: 0 batch,
# 1 stochastic, 2 mini-batch). Left: the training loss after each epoch. Right: the same
# against gradient evaluations, with the loss of each step's own batch behind it.
set terminal svg size 960,420 enhanced font 'sans,12' background rgb 'white'
set output 'descent_variants.svg'
set datafile separator ' '
set multiplot layout 1,2
set grid lc rgb '#dddddd'
set key top right
set ylabel 'training loss (cross-entropy)'
set yrange [0:2.6]
set title 'per epoch'
set xlabel 'epoch'
plot 'descent_epochs.csv' index 0 skip 1 using 2:4 with linespoints pt 7 ps 0.6 lw 2 lc rgb '#1f4e79' title 'batch (B = 1000)', \
     '' index 1 using 2:4 with linespoints pt 7 ps 0.6 lw 2 lc rgb '#c0392b' title 'stochastic (B = 1)', \
     '' index 2 using 2:4 with linespoints pt 7 ps 0.6 lw 2 lc rgb '#27ae60' title 'mini-batch (B = 32)'
set title 'per gradient evaluation, with each step''s batch loss'
set xlabel 'gradient evaluations (examples)'
set yrange [0:4]
set xrange [0:10000]
plot 'descent_steps.csv' index 1 skip 1 every 10 using 2:3 with dots lc rgb '#e6a3a3' notitle, \
     '' index 2 using 2:3 with lines lw 1 lc rgb '#a9dfbf' notitle, \
     'descent_epochs.csv' index 0 skip 1 using 3:4 with linespoints pt 7 ps 0.6 lw 2 lc rgb '#1f4e79' title 'batch', \
     '' index 1 using 3:4 with linespoints pt 7 ps 0.6 lw 2 lc rgb '#c0392b' title 'stochastic', \
     '' index 2 using 3:4 with linespoints pt 7 ps 0.6 lw 2 lc rgb '#27ae60' title 'mini-batch'
unset multiplot
