package dev.aiops.domain.eval;

import java.io.StringWriter;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The evaluation as JUnit XML (the {@code testsuite} format CI servers read): a test case named after each expected
 * finding and one per scenario for false alarms, with the scenario as class name. The scenario's diagnosis time is
 * on its false-alarm case, where the whole report was checked.
 */
final class EvalJunit {

    private EvalJunit() {
    }

    static String render(EvalRun run) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        doc.setXmlStandalone(true);
        Element suite = doc.createElement("testsuite");
        doc.appendChild(suite);
        int tests = 0;
        int failures = 0;
        Element properties = doc.createElement("properties");
        suite.appendChild(properties);
        property(properties, "recall", run.recall());
        property(properties, "causeShare", run.causeShare());
        property(properties, "falseAlarms", run.falseAlarms());
        for (ScenarioScore s : run.scenarios()) {
            for (ScenarioScore.Outcome o : s.outcomes()) {
                tests++;
                Element c = testCase(suite, s.scenario(), "reports " + o.expected(), 0);
                if (!o.met()) {
                    failures++;
                    failure(c, o.problem(), !o.found() ? "missed" : !o.namesCause() ? "causeNotNamed" : "severity",
                            o.problem());
                }
            }
            tests++;
            Element c = testCase(suite, s.scenario(), "no false alarms", s.millis());
            if (!s.falseAlarms().isEmpty()) {
                failures++;
                int n = s.falseAlarms().size();
                failure(c, n + (n == 1 ? " false alarm: " : " false alarms: ") + s.falseAlarms().get(0), "falseAlarm",
                        s.falseAlarms().stream().map(Object::toString).collect(Collectors.joining("\n")));
            }
            Rubric r = s.rubric();
            if (r != null) {
                String key = "rubric." + s.scenario() + ".";
                if (r.graded()) {
                    property(properties, key + "rootCause", r.rootCause().score());
                    property(properties, key + "evidence", r.evidence().score());
                    property(properties, key + "remediation", r.remediation().score());
                } else {
                    property(properties, key + "error", r.error());
                }
            }
        }
        if (!run.rubrics().isEmpty()) {
            property(properties, "rubric.tokens", run.rubricUsage().totalTokens());
            property(properties, "rubric.costUsd", run.rubricUsage().costUsd());
        }
        suite.setAttribute("name", "aiops eval");
        suite.setAttribute("tests", String.valueOf(tests));
        suite.setAttribute("failures", String.valueOf(failures));
        suite.setAttribute("errors", "0");
        suite.setAttribute("skipped", "0");
        suite.setAttribute("time", seconds(run.millis()));
        return write(doc);
    }

    private static Element testCase(Element suite, String scenario, String name, long millis) {
        Element c = suite.getOwnerDocument().createElement("testcase");
        c.setAttribute("classname", scenario);
        c.setAttribute("name", name);
        c.setAttribute("time", seconds(millis));
        suite.appendChild(c);
        return c;
    }

    private static void failure(Element testCase, String message, String type, String details) {
        Element f = testCase.getOwnerDocument().createElement("failure");
        f.setAttribute("message", message);
        f.setAttribute("type", type);
        f.setTextContent(details);
        testCase.appendChild(f);
    }

    private static void property(Element properties, String name, Object value) {
        Element p = properties.getOwnerDocument().createElement("property");
        p.setAttribute("name", name);
        p.setAttribute("value", String.valueOf(value));
        properties.appendChild(p);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String write(Document doc) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = factory.newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            // the JDK's transformer puts the root element on the declaration's line, or after a blank one
            return out.toString().replaceFirst("\\?>\\s*", "?>\n").strip() + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
