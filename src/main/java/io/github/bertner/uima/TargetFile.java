package io.github.bertner.uima;

import org.apache.uima.resource.ResourceInitializationException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the one output file of a writer component ({@code PARAM_TARGET_LOCATION}), creating its folder. */
final class TargetFile {

    private TargetFile() {
    }

    /**
     * Opens a UTF-8 writer on the file, replacing it.
     *
     * @param targetLocation the file
     * @return the writer
     * @throws ResourceInitializationException when the folder or the file cannot be created (the cause says why)
     */
    static BufferedWriter open(String targetLocation) throws ResourceInitializationException {
        try {
            Path target = Path.of(targetLocation);
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            return Files.newBufferedWriter(target, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ResourceInitializationException(e);
        }
    }
}
