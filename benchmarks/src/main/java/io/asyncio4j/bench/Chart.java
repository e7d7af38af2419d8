package io.asyncio4j.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws the ratio bar chart (PNG, headless java.awt, no plotting library): {@code Chart <tsv> <png> <title>}
 * where each TSV line is {@code workload \t series \t ratio}. Log-scale bars, a line at 1×.
 */
public final class Chart {
    private static final Color[] COLORS = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B3),
    };

    private Chart() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, Double>> data = new LinkedHashMap<>();
        Set<String> series = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split("\t");
            if (f.length != 3) continue;
            data.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], Double.parseDouble(f[2]));
            series.add(f[1]);
        }
        List<String> seriesList = new ArrayList<>(series);
        int groups = Math.max(1, data.size());
        int bar = 14;
        int groupWidth = Math.max(1, seriesList.size()) * bar + 24;
        int left = 70, right = 20, top = 60, bottom = 120;
        int width = Math.max(700, left + right + groups * groupWidth);
        int height = 520;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(args.length > 2 ? args[2] : "ratios", left, 24);
        // log10 axis from 0.01x to 1000x
        double minLog = -2, maxLog = 3;
        int plotH = height - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int e = (int) minLog; e <= maxLog; e++) {
            int y = top + (int) ((maxLog - e) / (maxLog - minLog) * plotH);
            g.setColor(e == 0 ? Color.BLACK : new Color(0xDDDDDD));
            g.setStroke(new BasicStroke(e == 0 ? 2f : 1f));
            g.drawLine(left, y, width - right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%s×", e < 0 ? String.valueOf(Math.pow(10, e)) : String.valueOf((long) Math.pow(10, e))), 8, y + 4);
        }
        int zeroY = top + (int) (maxLog / (maxLog - minLog) * plotH);
        int gi = 0;
        for (Map.Entry<String, Map<String, Double>> group : data.entrySet()) {
            int x0 = left + gi * groupWidth + 12;
            for (int si = 0; si < seriesList.size(); si++) {
                Double r = group.getValue().get(seriesList.get(si));
                if (r == null || r <= 0) continue;
                double lg = Math.max(minLog, Math.min(maxLog, Math.log10(r)));
                int y = top + (int) ((maxLog - lg) / (maxLog - minLog) * plotH);
                g.setColor(COLORS[si % COLORS.length]);
                int x = x0 + si * bar;
                g.fillRect(x, Math.min(y, zeroY), bar - 2, Math.abs(zeroY - y));
            }
            g.setColor(Color.BLACK);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(x0 + 4, top + plotH + 8);
            rotated.rotate(Math.PI / 4);
            rotated.drawString(group.getKey(), 0, 0);
            rotated.dispose();
            gi++;
        }
        int lx = left;
        for (int si = 0; si < seriesList.size(); si++) {
            g.setColor(COLORS[si % COLORS.length]);
            g.fillRect(lx, 36, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(seriesList.get(si), lx + 16, 46);
            lx += 24 + g.getFontMetrics().stringWidth(seriesList.get(si));
        }
        g.dispose();
        ImageIO.write(img, "png", new File(args[1]));
    }
}
