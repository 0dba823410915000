package io.github.bertner.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * Finds the model folder on the machine a task runs on: the path as given (a shared file system,
 * or the working directory where YARN links {@code --archives}), else the folder of that name in
 * Spark's file root, where {@code --archives model.zip#name} is unpacked on standalone and local
 * masters.
 */
final class ModelLocations {

    private ModelLocations() {
    }

    /**
     * @param location the model location as the user gave it
     * @return an existing folder with a {@code config.json}
     * @throws IllegalArgumentException naming every place looked at when none has the model
     */
    static String resolve(String location) {
        List<Path> tried = new ArrayList<>();
        Path given = Path.of(location);
        tried.add(given.toAbsolutePath());
        if (Files.isRegularFile(given.resolve("config.json"))) {
            return given.toString();
        }
        if (SparkEnv.get() != null && !given.isAbsolute()) {
            Path shipped = Path.of(SparkFiles.get(location));
            tried.add(shipped);
            if (Files.isRegularFile(shipped.resolve("config.json"))) {
                return shipped.toString();
            }
        }
        throw new IllegalArgumentException("model folder '" + location + "': expected a folder with config.json, found "
                + "none at " + tried + "; give a path every executor can read, or ship the folder with "
                + "--archives model.zip#" + given.getFileName());
    }
}
