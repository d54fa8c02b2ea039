package org.crossmodal.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam's per-parameter moments and update counts, so that a run resumed from a checkpoint goes on
 * with the same optimiser state instead of a fresh one (which would make its model differ from an
 * uninterrupted run's). DJL 0.36 keeps this state in private fields and offers no accessor; they
 * are read by reflection, and a DJL without them fails loudly here, not silently in a resumed run.
 * Parameters are matched by their position in the block (their ids are new in every JVM).
 */
final class AdamState {
  private AdamState() {}

  static byte[] save(Optimizer adam, Block net) throws IOException {
    Map<String, Map<Device, NDArray>> means = field(Adam.class, "means", adam), variances = field(Adam.class, "variances", adam);
    Map<String, Integer> counts = field(Optimizer.class, "updateCounts", adam);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(intField("numUpdate", adam));
      List<Parameter> params = net.getParameters().values();
      out.writeInt(params.size());
      for (Parameter p : params) {
        Map<Device, NDArray> m = means.get(p.getId()), v = variances.get(p.getId());
        boolean has = m != null && v != null && counts.containsKey(p.getId());
        out.writeBoolean(has);
        if (!has) continue;
        out.writeInt(counts.get(p.getId()));
        writeArray(out, m.values().iterator().next());
        writeArray(out, v.values().iterator().next());
      }
    }
    return bytes.toByteArray();
  }

  static void restore(Optimizer adam, Block net, byte[] state) throws IOException {
    Map<String, Map<Device, NDArray>> means = field(Adam.class, "means", adam), variances = field(Adam.class, "variances", adam);
    Map<String, Integer> counts = field(Optimizer.class, "updateCounts", adam);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int numUpdate = in.readInt();
      List<Parameter> params = net.getParameters().values();
      if (in.readInt() != params.size()) throw new IOException("optimiser state does not fit the network");
      for (Parameter p : params) {
        if (!in.readBoolean()) continue;
        counts.put(p.getId(), in.readInt());
        NDArray weight = p.getArray();
        means.put(p.getId(), new ConcurrentHashMap<>(Map.of(weight.getDevice(), readArray(in, weight))));
        variances.put(p.getId(), new ConcurrentHashMap<>(Map.of(weight.getDevice(), readArray(in, weight))));
      }
      Field f = declared(Optimizer.class, "numUpdate");
      f.setInt(adam, numUpdate);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("DJL's Adam changed: its state cannot be restored", e);
    }
  }

  private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
    byte[] b = a.encode();
    out.writeInt(b.length);
    out.write(b);
  }

  private static NDArray readArray(DataInputStream in, NDArray like) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return like.getManager().decode(b);
  }

  @SuppressWarnings("unchecked")
  private static <T> T field(Class<?> owner, String name, Object of) {
    try {
      return (T) declared(owner, name).get(of);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("DJL's Adam changed: no field " + name, e);
    }
  }

  private static int intField(String name, Object of) {
    try {
      return declared(Optimizer.class, name).getInt(of);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("DJL's Adam changed: no field " + name, e);
    }
  }

  private static Field declared(Class<?> owner, String name) {
    try {
      Field f = owner.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("DJL's Adam changed: no field " + name, e);
    }
  }
}
