# One epoch of 784-512-256-10 on 60000 Fashion-MNIST images: nnref, PyTorch and the GEMM limit,
# from the bench run recorded in mlp_bench.csv (bench/mlp_bench.py).
set terminal svg size 720,400 enhanced font 'sans,12' background rgb 'white'
set output 'mlp_epoch.svg'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel 'seconds for one epoch'
set title 'One training epoch (784-512-256-10, Adam, batch 128, 60000 images)'
set key top left
set grid ytics
set xtics scale 0
set yrange [0:*]
plot 'mlp_bench.csv' using 2:xtic(1) title 'fastest of the runs' lc rgb '#4477aa', \
     '' using 3 title 'median' lc rgb '#ee6677'
