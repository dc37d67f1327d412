package dev.grcnn.ocr.model.decode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Burkhard-Keller tree over words under Levenshtein distance: finds every word within a distance
 * of a query while visiting only the subtrees the triangle inequality allows.
 */
public final class BkTree {

  private static final class Node {
    final String word;
    final Map<Integer, Node> children = new HashMap<>();

    Node(String word) {
      this.word = word;
    }
  }

  private Node root;
  private int size;

  /** Builds a tree of the given words; duplicates are kept once. */
  public static BkTree of(Collection<String> words) {
    BkTree tree = new BkTree();
    words.forEach(tree::add);
    return tree;
  }

  /** Adds a word; a word already present is ignored. */
  public void add(String word) {
    if (root == null) {
      root = new Node(word);
      size = 1;
      return;
    }
    Node node = root;
    while (true) {
      int d = EditDistance.levenshtein(word, node.word);
      if (d == 0) {
        return;
      }
      Node child = node.children.get(d);
      if (child == null) {
        node.children.put(d, new Node(word));
        size++;
        return;
      }
      node = child;
    }
  }

  /** Number of distinct words. */
  public int size() {
    return size;
  }

  /** Every word within {@code maxDistance} of the query, in no particular order. */
  public List<String> search(String query, int maxDistance) {
    List<String> found = new ArrayList<>();
    if (root == null) {
      return found;
    }
    Deque<Node> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      int d = EditDistance.levenshtein(query, node.word);
      if (d <= maxDistance) {
        found.add(node.word);
      }
      for (Map.Entry<Integer, Node> e : node.children.entrySet()) {
        int edge = e.getKey();
        if (edge >= d - maxDistance && edge <= d + maxDistance) {
          pending.push(e.getValue());
        }
      }
    }
    return found;
  }
}
