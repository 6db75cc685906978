# Exports a panel of issue 20 and R's reference figures for bench/README.md (never a test dependency).
# Run from the repository root (Debian: r-base-core, r-cran-forecast):
#   Rscript bench/forecast/reference.R           the public panel the issue names -> data/, r-reference.tsv
#   Rscript bench/forecast/reference.R heldout   series held out from every tuning choice -> heldout/, r-heldout.tsv
suppressPackageStartupMessages(library(forecast))
set.seed(20)
set <- if (length(commandArgs(trailingOnly = TRUE)) > 0) commandArgs(trailingOnly = TRUE)[1] else "panel"
dir <- if (set == "panel") "bench/forecast/data" else "bench/forecast/heldout"
out <- if (set == "panel") "bench/forecast/r-reference.tsv" else "bench/forecast/r-heldout.tsv"
dir.create(dir, showWarnings = FALSE, recursive = TRUE)

# Series whose frequency is not monthly, quarterly or yearly are forecast as non-seasonal series (frequency 1):
# gold and EuStockMarkets are trading days (R's ets ignores seasons above 24 anyway), BJsales has no frequency,
# uspop is decennial (frequency 0.1).
panel <- list(
  gas = gas, wineind = wineind, woolyrnq = woolyrnq,
  gold = ts(as.numeric(na.interp(gold))),
  AirPassengers = AirPassengers, BJsales = ts(as.numeric(BJsales)), LakeHuron = LakeHuron, airmiles = airmiles,
  nhtemp = nhtemp, uspop = ts(as.numeric(uspop)), sunspot.year = sunspot.year, mdeaths = mdeaths, fdeaths = fdeaths,
  EuStockMarkets.DAX = ts(as.numeric(EuStockMarkets[, "DAX"])))

# Other classic series from R's datasets, never looked at while choosing the engine's rules: the check that a choice
# made on the panel above carries over. presidents' 6 missing quarters are filled by na.interp.
heldout <- list(
  UKgas = UKgas, nottem = nottem, co2 = co2, Nile = Nile, lynx = lynx, USAccDeaths = USAccDeaths, ldeaths = ldeaths,
  austres = austres, JohnsonJohnson = JohnsonJohnson, presidents = na.interp(presidents), WWWusage = WWWusage, lh = lh,
  UKDriverDeaths = UKDriverDeaths, discoveries = discoveries)
if (set != "panel") panel <- heldout

smape <- function(a, f) mean(200 * abs(f - a) / (abs(a) + abs(f)))
mase <- function(train, a, f, m) mean(abs(a - f)) / mean(abs(diff(as.numeric(train), lag = m)))
cover <- function(a, lo, hi) mean(a >= lo & a <= hi)

index <- data.frame()
rows <- data.frame()
for (name in names(panel)) {
  y <- panel[[name]]
  m <- frequency(y)
  h <- if (m == 12) 12 else if (m == 4) 8 else 10
  n <- length(y)
  train <- ts(y[1:(n - h)], start = start(y), frequency = m)
  test <- as.numeric(y[(n - h + 1):n])
  writeLines(format(as.numeric(y), digits = 15), file.path(dir, paste0(name, ".txt")))
  index <- rbind(index, data.frame(name = name, season = m, horizon = h, n = n))
  fits <- list(
    ets = function() forecast(ets(train), h = h, level = c(80, 95)),
    auto.arima = function() forecast(auto.arima(train), h = h, level = c(80, 95)),
    snaive = function() snaive(train, h = h, level = c(80, 95)))
  for (method in names(fits)) {
    started <- Sys.time()
    fc <- fits[[method]]()
    seconds <- as.numeric(Sys.time() - started, units = "secs")
    f <- as.numeric(fc$mean)
    rows <- rbind(rows, data.frame(
      name = name, method = method, model = if (method == "ets") fc$model$method else if (method == "auto.arima") as.character(fc$method) else "snaive",
      smape = smape(test, f), mase = mase(train, test, f, m),
      cover80 = cover(test, fc$lower[, 1], fc$upper[, 1]), cover95 = cover(test, fc$lower[, 2], fc$upper[, 2]), seconds = seconds))
  }
}
write.csv(index, file.path(dir, "panel.csv"), row.names = FALSE)
write.table(rows, out, sep = "\t", quote = FALSE, row.names = FALSE)
print(rows)
