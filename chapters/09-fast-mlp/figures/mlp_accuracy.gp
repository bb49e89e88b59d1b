# Test accuracy and training loss of the fast MLP over 10 epochs on all of Fashion-MNIST: the
# bench's 10-epoch run (mlp_train_log.csv, the log of nnref train).
set terminal svg size 720,400 enhanced font 'sans,12' background rgb 'white'
set output 'mlp_accuracy.svg'
set datafile separator ','
set key autotitle columnhead center right
set xlabel 'epoch'
set ylabel 'test accuracy (%)'
set y2label 'training loss'
set ytics nomirror
set y2tics
set grid
set xrange [1:*]
plot 'mlp_train_log.csv' using 1:($3 * 100) with linespoints lw 2 lc rgb '#4477aa' title 'test accuracy', \
     '' using 1:2 axes x1y2 with linespoints lw 2 lc rgb '#ee6677' title 'training loss'
