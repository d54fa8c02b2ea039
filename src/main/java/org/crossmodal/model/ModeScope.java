package org.crossmodal.model;

/**
 * A mode a network was switched into (which batch norm, the gradient-reversal weight), switched
 * back when closed. Used in try-with-resources, so an exception cannot leave the network in it.
 */
@FunctionalInterface
public interface ModeScope extends AutoCloseable {
  @Override
  void close();
}
