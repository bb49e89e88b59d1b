# What the trained networks decide, everywhere in the plane: the colour is the predicted
# probability of class 1, blue for 0, white for 1/2 (the boundary), orange for 1 (data:
# backprop_{xor,spirals}_regions.csv and _points.csv, written by `nnref demo 5`).
# Points are the training data. The colour bar on the right, P(class 1), is the key to the
# colours, and the key below the panels to the points.
set terminal svg size 1000,480 enhanced font 'sans,12' background rgb 'white'
set output 'backprop_regions.svg'
set datafile separator ' '
set multiplot layout 1,2
set size ratio -1
set palette defined (0 '#6fa8dc', 0.45 '#eef4fa', 0.5 '#ffffff', 0.55 '#fdf0e4', 1 '#f6b26b')
set cbrange [0:1]
unset colorbox
set key outside below center horizontal
set xlabel 'x_1'
set ylabel 'x_2'
set title 'XOR, 2-8-2 tanh'
set xrange [-0.5:1.5]
set yrange [-0.5:1.5]
plot 'backprop_xor_regions.csv' skip 1 using 1:2:3 with image notitle, \
     'backprop_xor_points.csv' skip 1 using ($3 == 0 ? $1 : NaN):2 with points pt 7 ps 1.6 lc rgb '#1f4e79' title 'class 0', \
     '' skip 1 using ($3 == 1 ? $1 : NaN):2 with points pt 5 ps 1.5 lc rgb '#c0392b' title 'class 1'
set colorbox vertical
set cblabel 'P(class 1)' rotate by -90 offset 0.5,0
set cbtics 0, 0.25, 1
set title 'two spirals, 2-16-16-2 tanh'
set xrange [-1.2:1.2]
set yrange [-1.2:1.2]
plot 'backprop_spirals_regions.csv' skip 1 using 1:2:3 with image notitle, \
     'backprop_spirals_points.csv' skip 1 using ($3 == 0 ? $1 : NaN):2 with points pt 7 ps 0.6 lc rgb '#1f4e79' title 'class 0', \
     '' skip 1 using ($3 == 1 ? $1 : NaN):2 with points pt 5 ps 0.6 lc rgb '#c0392b' title 'class 1'
unset multiplot
