package io.hyperblock.bridge.nvmf;

import java.io.IOException;
import java.nio.file.Path;

/** One step of a reconciliation plan; {@code toString()} reads like the shell command. */
public sealed interface NvmetAction {

  /** Performs the step. */
  void apply(Configfs fs) throws IOException;

  record Mkdir(Path dir) implements NvmetAction {
    @Override
    public void apply(Configfs fs) throws IOException {
      fs.mkdir(dir);
    }

    @Override
    public String toString() {
      return "mkdir " + dir;
    }
  }

  record Rmdir(Path dir) implements NvmetAction {
    @Override
    public void apply(Configfs fs) throws IOException {
      fs.rmdir(dir);
    }

    @Override
    public String toString() {
      return "rmdir " + dir;
    }
  }

  record Write(Path attribute, String value) implements NvmetAction {
    @Override
    public void apply(Configfs fs) throws IOException {
      fs.write(attribute, value);
    }

    @Override
    public String toString() {
      return "echo " + value + " > " + attribute;
    }
  }

  record Symlink(Path link, Path target) implements NvmetAction {
    @Override
    public void apply(Configfs fs) throws IOException {
      fs.symlink(link, target);
    }

    @Override
    public String toString() {
      return "ln -s " + target + " " + link;
    }
  }

  record Unlink(Path link) implements NvmetAction {
    @Override
    public void apply(Configfs fs) throws IOException {
      fs.unlink(link);
    }

    @Override
    public String toString() {
      return "unlink " + link;
    }
  }
}
