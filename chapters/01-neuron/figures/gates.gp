# The perceptron's final decision line on AND, OR and XOR (data: gates.csv, gate_lines.csv,
# written by `nnref demo 1`). Filled points are y = 1, open points y = 0.
set terminal svg size 900,320 font 'sans,12' background '#ffffff'
set output 'gates.svg'
set datafile separator ' '
set multiplot layout 1,3
set xrange [-0.5:1.5]
set yrange [-0.5:1.5]
set size ratio -1
set xlabel 'x_1'
set ylabel 'x_2'
set key off
set grid lc rgb '#dddddd'
titles = 'AND OR XOR'
do for [g=0:2] {
    set title sprintf('%s%s', word(titles, g + 1), g == 2 ? ' (no line separates it)' : '')
    plot 'gate_lines.csv' skip 1 using ($1 == g ? $2 : NaN):3:($4 - $2):($5 - $3) \
             with vectors nohead lw 2 lc rgb '#c0392b', \
         'gates.csv' skip 1 using ($1 == g && $4 == 1 ? $2 : NaN):3 with points pt 7 ps 1.6 lc rgb '#1f4e79', \
         'gates.csv' skip 1 using ($1 == g && $4 == 0 ? $2 : NaN):3 with points pt 6 ps 1.6 lw 2 lc rgb '#1f4e79'
}
unset multiplot
