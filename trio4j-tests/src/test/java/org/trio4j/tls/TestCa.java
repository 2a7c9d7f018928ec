package org.trio4j.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority made at test time, like Python's {@code trustme}: it issues
 * certificates for host names and IP addresses and builds {@link SSLContext}s that present them or
 * trust the CA. Nothing is written to disk; keys are EC P-256, which are quick to make.
 *
 * {@snippet :
 * TestCa ca = TestCa.create("test CA");
 * SSLContext server = ca.serverContext(ca.issueCert("localhost", "127.0.0.1"));
 * SSLContext client = ca.clientContext();
 * }
 */
final class TestCa {
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());
  private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

  private final X500Name name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCa(X500Name name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A certificate with its private key and the chain up to (not including) the root. */
  record Issued(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {}

  /**
   * Creates a self-signed CA.
   *
   * @param commonName the CA's name
   * @return the CA
   */
  static TestCa create(String commonName) {
    try {
      X500Name name = new X500Name("CN=" + commonName + ", O=trio4j tests");
      KeyPair keys = newKeyPair();
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = builder(name, name, keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new TestCa(name, keys, sign(b, keys.getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test CA", e);
    }
  }

  /**
   * Issues a certificate valid for both server and client authentication.
   *
   * @param identities host names and IP addresses (literals) the certificate is for; the first is
   *     also its common name
   * @return the certificate and its key
   */
  Issued issueCert(String... identities) {
    return issueCert(Instant.now().plus(Duration.ofDays(1)), identities);
  }

  /**
   * Issues a certificate that stops being valid at {@code notAfter}.
   *
   * @param notAfter the end of validity
   * @param identities host names and IP address literals
   * @return the certificate and its key
   */
  Issued issueCert(Instant notAfter, String... identities) {
    try {
      KeyPair leaf = newKeyPair();
      List<GeneralName> names = new ArrayList<>();
      for (String id : identities) {
        boolean ip = id.contains(":") || id.matches("[0-9.]+");
        names.add(
            ip
                ? new GeneralName(
                    GeneralName.iPAddress,
                    new DEROctetString(InetAddress.getByName(id).getAddress()))
                : new GeneralName(GeneralName.dNSName, id));
      }
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(Instant.now().minus(Duration.ofHours(1))),
              Date.from(notAfter),
              new X500Name("CN=" + identities[0] + ", O=trio4j tests"),
              leaf.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(new GeneralName[0])));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(leaf.getPublic()));
      return new Issued(leaf.getPrivate(), sign(b, keys.getPrivate()), certificate);
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  /**
   * An SSL context that trusts only this CA and presents no certificate.
   *
   * @return the context
   */
  SSLContext clientContext() {
    return context(null, this);
  }

  /**
   * An SSL context that trusts only this CA and presents {@code cert} (for client authentication).
   *
   * @param cert the certificate to present
   * @return the context
   */
  SSLContext clientContext(Issued cert) {
    return context(cert, this);
  }

  /**
   * An SSL context that presents {@code cert} and trusts this CA (for client certificates).
   *
   * @param cert the server's certificate
   * @return the context
   */
  SSLContext serverContext(Issued cert) {
    return context(cert, this);
  }

  /**
   * An SSL context that presents {@code cert} and trusts nobody.
   *
   * @param cert the certificate to present, or null for none
   * @param trusted the CA to trust, or null for none
   * @return the context
   */
  static SSLContext context(Issued cert, TestCa trusted) {
    try {
      char[] password = "secret".toCharArray();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      if (cert != null) {
        keyStore.setKeyEntry(
            "me", cert.key(), password, new X509Certificate[] {cert.certificate(), cert.issuer()});
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, password);
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      if (trusted != null) {
        trustStore.setCertificateEntry("ca", trusted.certificate);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a test SSLContext", e);
    }
  }

  @Override
  public String toString() {
    return "TestCa[" + name + "]";
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, java.security.PublicKey key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIALS.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws OperatorCreationException, GeneralSecurityException {
    return CONVERTER.getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }
}
