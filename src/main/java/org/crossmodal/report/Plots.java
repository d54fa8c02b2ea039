package org.crossmodal.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, drawn by JFreeChart and written as PNG files. */
final class Plots {
  static final int WIDTH = 600, HEIGHT = 360;
  /** Series colours that stay apart on white (JFreeChart's default sequence includes a pale yellow). */
  private static final Paint[] PAINTS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)};

  /** One point of a curve. */
  record Point(double x, double y) {}

  private Plots() {}

  /** Lines with a marker per point, one per series (e.g. loss per epoch for each model). */
  static JFreeChart curves(String title, String xLabel, String yLabel, Map<String, List<Point>> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach((name, points) -> {
      XYSeries s = new XYSeries(name, false, true);
      points.forEach(p -> s.add(p.x(), p.y()));
      data.addSeries(s);
    });
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = plain(chart);
    plot.setRenderer(new XYLineAndShapeRenderer(true, true));
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    return chart;
  }

  /** Confidence histograms over [0, 1], one translucent series each (e.g. kept and ignored pixels). */
  static JFreeChart histogram(String title, Map<String, double[]> values, int bins) {
    HistogramDataset data = new HistogramDataset();
    data.setType(HistogramType.FREQUENCY);
    values.forEach((name, v) -> data.addSeries(name, v, bins, 0, 1));
    JFreeChart chart = ChartFactory.createHistogram(title, "confidence (top class probability)", "pixels", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = plain(chart);
    plot.setForegroundAlpha(0.6f);
    XYBarRenderer bars = (XYBarRenderer) plot.getRenderer();
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    plot.getDomainAxis().setRange(0, 1);
    return chart;
  }

  /** Reliability diagram: accuracy against mean confidence per bin, with the diagonal of perfect calibration. */
  static JFreeChart reliability(Map<String, List<Point>> rounds) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries diagonal = new XYSeries("perfect calibration");
    diagonal.add(0, 0);
    diagonal.add(1, 1);
    data.addSeries(diagonal);
    rounds.forEach((name, points) -> {
      XYSeries s = new XYSeries(name, false, true);
      points.forEach(p -> s.add(p.x(), p.y()));
      data.addSeries(s);
    });
    JFreeChart chart = ChartFactory.createXYLineChart("Reliability of pseudo-label confidence", "mean confidence in bin",
        "accuracy in bin (against simulator truth)", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = plain(chart);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, Color.GRAY);
    r.setSeriesShapesVisible(0, false);
    r.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    plot.setRenderer(r);
    plot.getDomainAxis().setRange(0, 1);
    plot.getRangeAxis().setRange(0, 1);
    return chart;
  }

  static void save(JFreeChart chart, Path png) throws IOException {
    AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
  }

  private static XYPlot plain(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDrawingSupplier(new DefaultDrawingSupplier(PAINTS, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
        DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
        DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
    return plot;
  }
}
