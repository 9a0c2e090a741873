// geokg's driver for HermiT (the OWL 2 DL reasoner owlready2 ships): one Java
// process that checks documents as they are sent to it, so that Java starts
// and warms up while the build is still preparing them (geokg/rdf/hermit.py).
//
// Arguments: documents to check first, answering nothing: a warm-up on data
// like the requests' (Java compiles what it runs most), while the build prepares them.
// Requests, one per line on standard input (several processes may write them):
//   NUMBER consistency PATH   is the N-Triples document at PATH consistent?
//   NUMBER classes PATH       that, and which classes are unsatisfiable
// Answers, one line each, as the checks end: the request's number, a tab, the
// milliseconds the check took, a tab, then
//   consistent | inconsistent | unsatisfiable<TAB>IRI<TAB>IRI... | error<TAB>message
// It asks HermiT what its command line asks for -k (and -U)
// --ignoreUnsupportedDatatypes, document by document.

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.OWLOntologyDocumentSource;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;

public final class GeokgHermit {
    private GeokgHermit() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(
            new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8.name());
        for (String warmUp : args) {
            try {
                check(new FileDocumentSource(new File(warmUp)), false);
            } catch (Throwable ignored) {
                // A request meets the same problem, and reports it.
            }
        }
        BufferedReader in = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            int space = line.indexOf(' ');
            String number = space < 0 ? "" : line.substring(0, space);
            long start = System.nanoTime();
            String answer = answer(space < 0 ? line : line.substring(space + 1));
            out.println(number + "\t" + (System.nanoTime() - start) / 1000000 + "\t" + answer);
        }
    }

    private static String answer(String request) {
        int space = request.indexOf(' ');
        String mode = space < 0 ? request : request.substring(0, space);
        if (space < 0 || !(mode.equals("consistency") || mode.equals("classes"))) {
            return "error\tunknown request: " + request;
        }
        try {
            File file = new File(request.substring(space + 1));
            return check(new FileDocumentSource(file), mode.equals("classes"));
        } catch (Throwable failure) {
            return "error\t" + String.valueOf(failure).replace('\n', ' ').replace('\r', ' ');
        }
    }

    private static String check(OWLOntologyDocumentSource document, boolean classes)
            throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(document);
        Configuration configuration = new Configuration();
        configuration.ignoreUnsupportedDatatypes = true;
        Reasoner reasoner = new Reasoner(configuration, ontology);
        try {
            if (!reasoner.isConsistent()) {
                return "inconsistent";
            }
            if (!classes) {
                return "consistent";
            }
            List<String> unsatisfiable = new ArrayList<>();
            OWLClass nothing = manager.getOWLDataFactory().getOWLNothing();
            for (OWLClass equivalent : reasoner.getEquivalentClasses(nothing)) {
                if (!equivalent.isOWLNothing()) {
                    unsatisfiable.add(equivalent.getIRI().toString());
                }
            }
            Collections.sort(unsatisfiable);
            return unsatisfiable.isEmpty()
                ? "consistent"
                : "unsatisfiable\t" + String.join("\t", unsatisfiable);
        } finally {
            reasoner.dispose();
        }
    }
}
