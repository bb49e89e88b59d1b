# MSE and binary cross-entropy against the prediction ŷ when the truth is y = 1 (data:
# loss_vs_prediction.csv, written by `nnref demo 4`). MSE stays below 1 and flattens as the
# prediction gets worse; BCE, -log ŷ, grows without bound.
set terminal svg size 900,420 enhanced font 'sans,12' background rgb 'white'
set output 'loss_vs_prediction.svg'
set encoding utf8
set datafile separator ' '
set multiplot layout 1,2
set grid lc rgb '#dddddd'
set xlabel 'prediction ŷ  (truth y = 1)'
set xrange [0:1]
set key top right spacing 1.1
set title 'the loss L'
set yrange [0:4]
plot 'loss_vs_prediction.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#1f4e79' title 'MSE  (ŷ - y)^2', \
     '' skip 1 using 1:3 with lines lw 2 lc rgb '#c0392b' title 'BCE  -log ŷ'
set title 'its gradient dL/dŷ'
set yrange [-8:0.5]
set key bottom right
plot 'loss_vs_prediction.csv' skip 1 using 1:4 with lines lw 2 lc rgb '#1f4e79' title 'MSE  2(ŷ - y)', \
     '' skip 1 using 1:5 with lines lw 2 lc rgb '#c0392b' title 'BCE  -1/ŷ'
unset multiplot
