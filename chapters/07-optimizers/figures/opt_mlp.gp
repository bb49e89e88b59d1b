# Every optimizer training chapter 6's network on 1000 Fashion-MNIST images (data:
# opt_mlp_sweep.csv and opt_mlp_epochs.csv, written by section 8 of `nnref demo 7`).
# Left: the training loss after 2 epochs against the learning rate (columns 1 and 2 of the
# sweep). Right: the training loss after each epoch at the best of those rates.
set encoding utf8
set terminal svg size 960,420 enhanced font 'sans,11' background rgb 'white'
set output 'opt_mlp.svg'
names = "SGD Momentum Nesterov AdaGrad RMSprop Adam AdamW"
colors = "#555555 #1f4e79 #2e86c1 #27ae60 #e67e22 #c0392b #8e44ad"
set grid lc rgb '#dddddd'
set ylabel 'training loss'
set yrange [0:3.2]
set key top center horizontal maxrows 2 font 'sans,9' width -1
set multiplot layout 1,2
set title 'after 2 epochs, against the learning rate'
set logscale x
set format x '10^{%L}'
set xrange [5e-5:5]
set xlabel 'learning rate η'
plot for [i=1:7] 'opt_mlp_sweep.csv' index (i-1) using 1:2 \
     with linespoints lw 1.5 pt 7 ps 0.5 lc rgb word(colors, i) title word(names, i)
set title 'at the best rate of the left panel'
unset logscale x
set format x '%g'
set xrange [0:10]
set xlabel 'epoch'
plot for [i=1:7] 'opt_mlp_epochs.csv' index (i-1) using 1:2 \
     with linespoints lw 1.5 pt 7 ps 0.5 lc rgb word(colors, i) title word(names, i)
unset multiplot
