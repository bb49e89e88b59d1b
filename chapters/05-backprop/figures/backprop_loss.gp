# The training loss of the three networks of chapter 5, against the epoch (data:
# backprop_loss_{xor,spirals,iris}.csv, written by `nnref demo 5`).
set terminal svg size 640,400 enhanced font 'sans,12' background rgb 'white'
set output 'backprop_loss.svg'
set datafile separator ' '
set grid lc rgb '#dddddd'
set logscale y
set format y '10^{%L}'
set xlabel 'epoch (one full-batch gradient step)'
set ylabel 'mean cross-entropy loss'
set key top right
plot 'backprop_loss_xor.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#1f4e79' title 'XOR, 2-8-2', \
     'backprop_loss_spirals.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#c0392b' title 'spirals, 2-16-16-2', \
     'backprop_loss_iris.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#27ae60' title 'iris, 4-16-3'
