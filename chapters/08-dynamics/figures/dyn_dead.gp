# Dead ReLUs: chapter 6's 784-32-10 network with ReLU and with Leaky ReLU, lr 0.1 and 1
# (data: dyn_dead.csv, written by section 4 of `nnref demo 8`; data sets: ReLU lr 0.1,
# Leaky lr 0.1, ReLU lr 1, Leaky lr 1; columns: epoch, loss, silent fraction, sparsity).
set encoding utf8
set terminal svg size 960,420 enhanced font 'sans,11' background rgb 'white'
set output 'dyn_dead.svg'
names = "'ReLU, lr 0.1' 'Leaky ReLU, lr 0.1' 'ReLU, lr 1' 'Leaky ReLU, lr 1'"
colors = "#1f4e79 #27ae60 #1f4e79 #27ae60"
dashes = "2 2 1 1"
set grid lc rgb '#dddddd'
set xlabel 'epoch'
set xrange [0:10]
set key font 'sans,9'
set multiplot layout 1,2
set title 'hidden units silent on every image'
set ylabel 'fraction of the 32 units'
set yrange [0:1.05]
set key center right
plot for [i=1:4] 'dyn_dead.csv' index (i-1) using 1:3 with linespoints lw 1.5 pt 7 ps 0.5 \
     dt int(word(dashes, i)) lc rgb word(colors, i) title word(names, i)
set title 'training loss'
set ylabel 'loss'
set yrange [0:5.5]
set key top right
plot for [i=1:4] 'dyn_dead.csv' index (i-1) using 1:2 with linespoints lw 1.5 pt 7 ps 0.5 \
     dt int(word(dashes, i)) lc rgb word(colors, i) title word(names, i)
unset multiplot
